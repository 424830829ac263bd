package io.citypulse.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The REST calls the sink needs, over {@code java.net.http}: the only class of this module that
 * talks HTTP. Works with OpenSearch 1.x-3.x and Elasticsearch 7.8-9.x, which share these APIs.
 *
 * <p>TLS: an {@code https} URL is checked against the JVM's truststore (add a private CA with
 * {@code -Djavax.net.ssl.trustStore=/path/truststore.p12 -Djavax.net.ssl.trustStorePassword=...})
 * or, when {@link Options#caCertificate()} is set, against the PEM certificates of that file only
 * (like {@code curl --cacert}). Host names are verified: the server certificate must name the
 * host of the URL.
 *
 * <p>Failures are {@link SearchException}s whose messages name the cluster by its URL; the URL
 * may not carry credentials (they come from {@link Credentials}), so no message holds a secret.
 * An interrupted call throws a {@link SearchException} of status 0 with the thread's interrupt
 * flag set.
 */
public final class SearchClient {
  private static final String NDJSON = "application/x-ndjson";
  private static final String JSON = "application/json";
  /**
   * Keeps bulk answers small: without it, every item echoes index, id, version, shards, seq_no.
   */
  private static final String BULK_FILTER =
      "filter_path=took,errors,items.*._index,items.*._id,items.*.status,items.*.error";

  /**
   * @param connectTimeout how long to wait for a TCP (and TLS) connection
   * @param requestTimeout how long to wait for an answer to one request (a bulk of 5 MB included)
   * @param caCertificate a PEM file of the CA(s) to trust instead of the JVM's truststore; null:
   *     the JVM's
   */
  public record Options(Duration connectTimeout, Duration requestTimeout, Path caCertificate) {
    public static final Options DEFAULT =
        new Options(Duration.ofSeconds(10), Duration.ofSeconds(60), null);

    public Options {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
  }

  /** An answer with any status. */
  record Answer(int status, String body) {}

  private final String displayUrl;
  private final Credentials credentials;
  private final Options options;
  private final HttpClient http;

  /**
   * @param baseUrl {@code http(s)://host:port}, possibly with a path prefix behind a proxy; no
   *     user info (credentials go in {@code credentials})
   * @throws IllegalArgumentException on another scheme, user info in the URL, or an unreadable CA
   *     file
   */
  public SearchClient(URI baseUrl, Credentials credentials, Options options) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("search URL must be http:// or https://, got "
          + (scheme == null ? "no scheme" : scheme + "://"));
    }
    if (baseUrl.getRawUserInfo() != null) {
      // Said without echoing the URL: it holds the secret.
      throw new IllegalArgumentException("the search URL must not contain credentials: set "
          + Credentials.USER_ENV + " and " + Credentials.PASSWORD_ENV + " (or "
          + Credentials.API_KEY_ENV + ") instead");
    }
    if (baseUrl.getHost() == null) {
      throw new IllegalArgumentException("search URL has no host: " + baseUrl);
    }
    String text = baseUrl.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    this.displayUrl = text;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.options = Objects.requireNonNull(options, "options");
    HttpClient.Builder builder = HttpClient.newBuilder()
        // HTTP/1.1: an h2c upgrade offer on plain http confuses some proxies and older nodes.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(options.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER);
    if (options.caCertificate() != null) {
      builder.sslContext(trusting(options.caCertificate()));
    }
    this.http = builder.build();
  }

  public SearchClient(URI baseUrl, Credentials credentials) {
    this(baseUrl, credentials, Options.DEFAULT);
  }

  /** The cluster's URL as given, without a trailing slash: safe to show. */
  public String url() {
    return displayUrl;
  }

  /** {@code GET /}: distribution, version and cluster name; also a check of the credentials. */
  public ClusterInfo info() {
    JsonNode root = json(expectOk("GET", "/", null, null), "GET /");
    JsonNode version = root.path("version");
    String distribution = version.path("distribution").asText("elasticsearch");
    return new ClusterInfo(
        distribution,
        version.path("number").asText("?"),
        root.path("cluster_name").asText("?"));
  }

  /** {@code GET _cluster/health}: {@code green}, {@code yellow} or {@code red}. */
  public String clusterHealth() {
    return json(expectOk("GET", "/_cluster/health", null, null), "GET /_cluster/health")
        .path("status")
        .asText("unknown");
  }

  /** {@code PUT _index_template/<name>} (creates or replaces). */
  public void putIndexTemplate(String name, String body) {
    expectOk("PUT", "/_index_template/" + encode(name), body, JSON);
  }

  /** {@code GET <index or pattern>/_mapping}, the raw JSON. */
  public String mapping(String indexPattern) {
    return expectOk("GET", "/" + indexPattern + "/_mapping", null, null);
  }

  /**
   * {@code POST _bulk} with a body built by {@link BulkBody}.
   *
   * @throws SearchException when the whole request failed (no answer, 4xx, 5xx)
   * @throws IllegalArgumentException when the answer is not a bulk response (truncated...)
   */
  public BulkResponse bulk(String ndjson) {
    return BulkResponse.parse(expectOk("POST", "/_bulk?" + BULK_FILTER, ndjson, NDJSON));
  }

  /** {@code GET <pattern>/_count}: documents visible to search (after a refresh); 0 if no index. */
  public long count(String indexPattern) {
    String path = "/" + indexPattern + "/_count";
    return json(expectOk("GET", path, null, null), "GET " + path).path("count").asLong();
  }

  /** {@code POST <pattern>/_refresh}: makes what was indexed visible to search and counts now. */
  public void refresh(String indexPattern) {
    expectOk("POST", "/" + indexPattern + "/_refresh", null, null);
  }

  /**
   * The names of the open indices matching {@code pattern} ({@code GET _cat/indices/<pattern>}),
   * sorted; empty when none match.
   */
  public List<String> listIndices(String pattern) {
    String path = "/_cat/indices/" + pattern + "?format=json&h=index";
    List<String> names = new ArrayList<>();
    for (JsonNode row : json(expectOk("GET", path, null, null), "GET " + path)) {
      names.add(row.path("index").asText());
    }
    names.sort(null);
    return names;
  }

  /**
   * {@code DELETE <index>}: one concrete index (no wildcard, so a typo cannot delete more).
   *
   * @return false when the index did not exist
   */
  public boolean deleteIndex(String index) {
    if (index.isBlank() || index.contains("*") || index.contains(",") || index.startsWith("_")) {
      throw new IllegalArgumentException("delete one index by its full name: " + index);
    }
    Answer answer = send("DELETE", "/" + index, null, null);
    if (answer.status() == 404) {
      return false;
    }
    check("DELETE", "/" + index, answer);
    return true;
  }

  /** The {@code _source} of a document ({@code GET <index>/_doc/<id>}), empty when absent. */
  public Optional<String> source(String index, String id) {
    String path = "/" + index + "/_doc/" + encode(id);
    Answer answer = send("GET", path, null, null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    check("GET", path, answer);
    return Optional.of(Json.writeString(json(answer.body(), "GET " + path).path("_source")));
  }

  /** Any request, for what this class does not wrap; the answer whatever its status. */
  Answer send(String method, String pathAndQuery, String body, String contentType) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(displayUrl + pathAndQuery))
        .timeout(options.requestTimeout())
        .header("Accept", JSON)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", contentType + "; charset=UTF-8");
    }
    credentials.authorizationHeader().ifPresent(value -> request.header("Authorization", value));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SearchException(
          method + " " + pathOnly(pathAndQuery) + " to " + displayUrl + " interrupted", 0, null, e);
    } catch (IOException e) {
      throw new SearchException(
          product() + " at " + displayUrl + " is unreachable: " + describe(e), 0, null, e);
    }
  }

  private String expectOk(String method, String pathAndQuery, String body, String contentType) {
    Answer answer = send(method, pathAndQuery, body, contentType);
    check(method, pathAndQuery, answer);
    return answer.body();
  }

  private void check(String method, String pathAndQuery, Answer answer) {
    int status = answer.status();
    if (status >= 200 && status < 300) {
      return;
    }
    String[] described = SearchException.describe(answer.body());
    String type = described[0];
    String reason = (type == null ? "" : type + ": ") + described[1];
    String message = switch (status) {
      case 401 ->
        product() + " at " + displayUrl + " refused the credentials (401, " + credentials + "): "
            + reason;
      case 403 ->
        product() + " at " + displayUrl + " denied " + method + " " + pathOnly(pathAndQuery)
            + " to " + credentials + " (403): " + reason;
      default ->
        method + " " + pathOnly(pathAndQuery) + " failed at " + displayUrl + " (" + status + "): "
            + reason;
    };
    throw new SearchException(message, status, type, null);
  }

  private static JsonNode json(String body, String what) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new SearchException(
          "answer to " + what + " is not JSON: " + BulkResponse.abbreviate(body), 0, null, e);
    }
  }

  private static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) {
      return "no answer in time (" + e.getMessage() + ")";
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return "TLS handshake failed (" + t.getMessage() + "); is the cluster's CA trusted?"
            + " see javax.net.ssl.trustStore or the CA certificate option";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String product() {
    return "OpenSearch/Elasticsearch";
  }

  private static String pathOnly(String pathAndQuery) {
    int query = pathAndQuery.indexOf('?');
    return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SSLContext trusting(Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
      trusted.load(null, null);
      int n = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trusted.setCertificateEntry("ca-" + n++, certificate);
      }
      if (n == 0) {
        throw new IllegalArgumentException("no certificate in " + pemFile);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read CA certificate " + pemFile + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "SearchClient[" + displayUrl + ", " + credentials + "]";
  }
}
