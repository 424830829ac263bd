package io.citypulse.broker;

/** Thrown when no Kafka broker answers at the given bootstrap servers in time. */
public final class BrokerUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String bootstrapServers;

  public BrokerUnavailableException(String bootstrapServers, String message, Throwable cause) {
    super(message, cause);
    this.bootstrapServers = bootstrapServers;
  }

  /** The bootstrap servers that could not be reached. */
  public String bootstrapServers() {
    return bootstrapServers;
  }
}
