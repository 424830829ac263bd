package io.citypulse.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request received by {@link LocalHttpServer}.
 *
 * @param method  HTTP method, e.g. {@code GET}
 * @param path    request path without the query, e.g. {@code /gbfs.json}
 * @param query   raw query string without '?', empty if none
 * @param headers request headers; lookups ignore case
 * @param body    request body bytes (empty for GET)
 */
public record RecordedRequest(
    String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

  public RecordedRequest {
    query = query == null ? "" : query;
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body.clone();
  }

  /** The first value of header {@code name} (case-insensitive), or null if absent. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The body decoded as UTF-8. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " " + headers;
  }
}
