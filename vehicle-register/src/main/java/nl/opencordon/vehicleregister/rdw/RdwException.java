package nl.opencordon.vehicleregister.rdw;

/** RDW could not be asked or gave an answer we cannot read; {@code retryable} when another try may help. */
public final class RdwException extends RuntimeException {
  private final boolean retryable;

  RdwException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
