package io.netdrift.core.model;

/** A model directory is missing, incomplete or corrupt; the message says which file and why. */
public final class ModelLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
