package dev.cto.costs.store;

/** A read found no database where it was pointed: reads never create one. */
public class StoreMissingException extends StoreException {

  private static final long serialVersionUID = 1L;

  public StoreMissingException(String message) {
    super(message);
  }
}
