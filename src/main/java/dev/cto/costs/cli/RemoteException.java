package dev.cto.costs.cli;

/** The collector behind {@code --server} could not be reached or answered with an error. */
final class RemoteException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RemoteException(String message, Throwable cause) {
    super(message, cause);
  }
}
