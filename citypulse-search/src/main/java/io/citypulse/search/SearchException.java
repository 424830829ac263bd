package io.citypulse.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;

/**
 * A request to the cluster failed: no answer at all ({@link #status()} 0: refused connection,
 * timeout, TLS failure) or an HTTP error status. The message names the cluster by its URL, which
 * never carries credentials (see {@link SearchClient}), and never holds a secret.
 */
public class SearchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errorType;

  public SearchException(String message, int status, String errorType, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorType = errorType;
  }

  /** The HTTP status, or 0 when no answer came. */
  public int status() {
    return status;
  }

  /** The engine's error type ({@code index_not_found_exception}...), or null. */
  public String errorType() {
    return errorType;
  }

  /**
   * True when the same request may succeed later: no answer (the cluster is away, restarting, a
   * network hiccup), 408, 429 (overloaded) or 5xx (no master yet, shards not ready). False for
   * 4xx: credentials, permissions or a malformed request stay wrong until someone fixes them.
   */
  public boolean retryable() {
    return status == 0 || retryableStatus(status);
  }

  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * The error type and reason of an error body ({@code {"error":{"type":..,"reason":..}}}), or an
   * abbreviation of a body in another form (OpenSearch's security plugin answers 401 in plain
   * text).
   */
  static String[] describe(String body) {
    if (body == null || body.isBlank()) {
      return new String[] {null, "(empty body)"};
    }
    try {
      JsonNode root = Json.MAPPER.readTree(body);
      JsonNode error = root == null ? null : root.path("error");
      if (error != null && (error.isObject() || error.isTextual())) {
        return new String[] {BulkResponse.errorType(error), BulkResponse.reason(error)};
      }
    } catch (java.io.IOException e) {
      // Not JSON: fall through to the raw text.
    }
    return new String[] {null, BulkResponse.abbreviate(body)};
  }
}
