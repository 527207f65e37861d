package io.tmr.models.tmr;

import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.FeedContext;

/**
 * The discriminator feed a run's config asks for: {@code trainer=electra} or {@code trainer=tmr}.
 */
public final class Feeds {
  private Feeds() {}

  /**
   * Checks the replay options of {@code c} before a run reads any data: values whatever the
   * trainer, and the batch composition of a TMR run ({@link ReplayPlan}).
   *
   * @throws IllegalArgumentException one line naming the options at fault
   */
  public static void validate(io.tmr.config.Config c) {
    ReplayPlan.validate(c);
  }

  public static DiscriminatorFeed forTrainer(FeedContext c) {
    return c.config().get(TmrOptions.TRAINER).equals("tmr")
        ? new ReplayFeed(c)
        : DiscriminatorFeed.electra();
  }
}
