package io.tmr.models.tmr;

import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.Pretrainer;

/** The discriminator feed a run's config asks for: {@code trainer=electra} or {@code trainer=tmr}. */
public final class Feeds {
  private Feeds() {}

  public static DiscriminatorFeed forTrainer(Pretrainer p) {
    return p.config().get(TmrOptions.TRAINER).equals("tmr") ? new ReplayFeed(p) : DiscriminatorFeed.electra();
  }
}
