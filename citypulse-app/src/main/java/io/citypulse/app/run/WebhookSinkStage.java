package io.citypulse.app.run;

import io.citypulse.app.sink.TopicSink;
import io.citypulse.app.sink.webhook.WebhookSettings;
import io.citypulse.app.sink.webhook.WebhookSinkWriter;
import java.util.List;
import java.util.Map;

/**
 * The alerts webhook ({@code alerts.webhook.url}): a {@link TopicSink} over the alerts topic that
 * POSTs each record; what the endpoint never takes goes to the dead-letter topic.
 */
record WebhookSinkStage(WebhookSettings webhook, String alertsTopic, String deadLetterTopic)
    implements Stage {
  static final String NAME = "webhook";

  @Override
  public Running start(StageContext context) {
    WebhookSinkWriter writer = new WebhookSinkWriter(webhook, context.clock());
    TopicSink sink = new TopicSink(
            new TopicSink.Settings(
                NAME,
                context.get(BrokerStage.BOOTSTRAP),
                Map.of(alertsTopic, "alerts"),
                deadLetterTopic,
                100),
            writer,
            context.clock())
        .start();
    RunningSinks sinks = context.get(MetricsStage.SINKS);
    sinks.add(sink, List.of("alerts"));
    context.announce("alerts from " + alertsTopic + " -> " + writer.describe());
    return new Running() {
      @Override
      public String failure() {
        return sink.stoppedOnItsOwn()
            ? "the webhook sink stopped: " + sink.snapshot().health()
            : null;
      }

      @Override
      public void close() throws InterruptedException {
        sinks.remove(NAME);
        sink.close();
      }
    };
  }
}
