package io.tmr.replay.snapshot;

import java.io.IOException;

/** A snapshot file that cannot be restored; the message names the file and, where known, field. */
public final class SnapshotFormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }

  public SnapshotFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
