package io.citypulse.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An immutable canned HTTP response served by {@link LocalHttpServer}; the builders return copies. */
public final class Response {

  private final int status;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final Duration delay;

  private Response(
      int status, List<Map.Entry<String, String>> headers, byte[] body, Duration delay) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100..599, got " + status);
    }
    this.status = status;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.delay = delay;
  }

  /** A response with the given status, no headers and an empty body. */
  public static Response status(int status) {
    return new Response(status, List.of(), new byte[0], Duration.ZERO);
  }

  /** A response with {@code Content-Type: application/json} and the given body. */
  public static Response json(int status, String body) {
    return status(status)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(body);
  }

  /** A copy with one more header (repeat the call for multi-valued headers). */
  public Response header(String name, String value) {
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.add(Map.entry(name, value));
    return new Response(status, copy, body, delay);
  }

  /** A copy with this UTF-8 body. */
  public Response body(String text) {
    return body(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy with this body. */
  public Response body(byte[] bytes) {
    return new Response(status, headers, bytes.clone(), delay);
  }

  /** A copy that waits {@code delay} before sending anything (to test client timeouts). */
  public Response delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    return new Response(status, headers, body, delay);
  }

  public int status() {
    return status;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  public byte[] bodyBytes() {
    return body.clone();
  }

  public Duration delay() {
    return delay;
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public String toString() {
    return "Response[" + status + ", " + headers + ", " + body.length + " bytes, delay " + delay
        + "]";
  }
}
