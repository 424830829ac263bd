package io.citypulse.sources.catalogue;

/**
 * A row of the catalogue that names no system citypulse can poll, and why.
 *
 * @param line the 1-based line the row starts on
 * @param systemId the row's System ID as written (trimmed); empty if it has none, or if its
 *     fields do not line up with the header ({@link Reason#FIELD_COUNT}) and the cell cannot be
 *     trusted
 * @param reason the kind of problem
 * @param detail a sentence for the user: the value at fault and what was expected
 */
public record UnusableRow(int line, String systemId, Reason reason, String detail) {

  /** Why a row cannot be used. */
  public enum Reason {
    /** The row has more fields than the header (an unquoted comma) or fewer (a lost one). */
    FIELD_COUNT,
    /** The System ID cell is empty. */
    MISSING_SYSTEM_ID,
    /** The Auto-Discovery URL cell is empty. */
    MISSING_AUTO_DISCOVERY_URL,
    /** The Auto-Discovery URL is not an absolute http or https URL with a host. */
    BAD_AUTO_DISCOVERY_URL,
    /** An earlier row already has this System ID: records are keyed by it, so one must go. */
    DUPLICATE_SYSTEM_ID
  }

  @Override
  public String toString() {
    return "line " + line + (systemId.isEmpty() ? "" : " (" + systemId + ")") + ": " + detail;
  }
}
