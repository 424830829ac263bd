package io.citypulse.sources.gbfs;

/** One feed entry cannot be read; becomes a {@link RejectedItem}. Internal to the parser. */
final class BadEntry extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadEntry(String reason) {
    super(reason, null, false, false);
  }
}
