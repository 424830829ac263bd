package io.citypulse.app.sink.webhook;

import io.citypulse.app.sink.Refusal;
import io.citypulse.app.sink.SinkHealth;
import io.citypulse.app.sink.SinkRecord;
import io.citypulse.app.sink.SinkWriter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs each alert record, as it is in the topic, to a webhook: one JSON object per request,
 * {@code Content-Type: application/json}, the configured {@code Authorization} header. A failed
 * attempt (connection refused, timeout, HTTP 5xx, 408 or 429) is retried after an exponential
 * backoff; after {@link WebhookSettings#maxAttempts} attempts, or at once on another 4xx (the
 * endpoint refuses this request and will again), the record is refused and the sink sends it to
 * the dead-letter topic with the reason. A record never blocks the ones after it for longer than
 * its attempts take.
 *
 * <p>Secrets: the URL is logged and reported only {@linkplain WebhookSettings#redacted() redacted}
 * and the authorization header never.
 */
public final class WebhookSinkWriter implements SinkWriter {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSinkWriter.class);

  /** Dead-letter reasons. */
  public static final String FAILED = "webhook_failed";

  public static final String REJECTED = "webhook_rejected";

  private final WebhookSettings settings;
  private final HttpClient client;
  private final Clock clock;
  private final AtomicReference<SinkHealth> health = new AtomicReference<>(SinkHealth.OK);

  public WebhookSinkWriter(WebhookSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client = HttpClient.newBuilder()
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public String describe() {
    return "webhook " + settings.redacted();
  }

  @Override
  public List<Refusal> write(List<SinkRecord> batch) throws InterruptedException {
    List<Refusal> refused = new ArrayList<>();
    for (SinkRecord record : batch) {
      Refusal refusal = deliver(record);
      if (refusal != null) {
        refused.add(refusal);
      }
    }
    return refused;
  }

  /** One record, with its retries; null once delivered. */
  private Refusal deliver(SinkRecord record) throws InterruptedException {
    String lastError = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      Outcome outcome = post(record);
      if (outcome == Outcome.DELIVERED) {
        health.set(SinkHealth.OK);
        return null;
      }
      lastError = outcome.error;
      if (!outcome.retryable) {
        health.set(SinkHealth.OK);
        return new Refusal(record, REJECTED, lastError + " (not retried)");
      }
      SinkHealth now = health.get();
      health.set(new SinkHealth(true, now.retrying() ? now.since() : clock.instant(), lastError));
      if (attempt < settings.maxAttempts()) {
        Thread.sleep(settings.backoff(attempt).toMillis());
      }
    }
    health.set(SinkHealth.OK);
    LOG.warn(
        "{}: alert {} not delivered after {} attempt(s) ({}): sent to the dead-letter topic",
        describe(),
        record.key(),
        settings.maxAttempts(),
        lastError);
    return new Refusal(
        record, FAILED, lastError + " after " + settings.maxAttempts() + " attempt(s)");
  }

  /** What one attempt gave. */
  private static final class Outcome {
    static final Outcome DELIVERED = new Outcome(null, false);
    final String error;
    final boolean retryable;

    Outcome(String error, boolean retryable) {
      this.error = error;
      this.retryable = retryable;
    }
  }

  private Outcome post(SinkRecord record) throws InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "citypulse-alerts")
        .POST(HttpRequest.BodyPublishers.ofString(record.json(), StandardCharsets.UTF_8));
    if (!settings.authorization().isEmpty()) {
      request.header("Authorization", settings.authorization());
    }
    try {
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return Outcome.DELIVERED;
      }
      boolean retryable = status >= 500 || status == 408 || status == 429;
      return new Outcome("HTTP " + status, retryable);
    } catch (HttpTimeoutException e) {
      return new Outcome("timed out after " + settings.timeout().toMillis() + " ms", true);
    } catch (IOException e) {
      // The exception's message may hold the URL: only its type is reported.
      return new Outcome("cannot reach the webhook: " + e.getClass().getSimpleName(), true);
    }
  }

  @Override
  public SinkHealth health() {
    return health.get();
  }

  @Override
  public void close() {
    // HttpClient holds no resource that must be released before Java 21's close().
  }
}
