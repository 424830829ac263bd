package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.sink.CacheSinkWriter;
import io.citypulse.app.sink.TopicSink;
import io.citypulse.cache.CacheSettings;
import io.citypulse.cache.RedisCache;
import io.citypulse.cache.RedisCacheException;
import java.util.List;
import java.util.Map;

/**
 * The Redis cache of the latest states ({@code --redis}): a {@link TopicSink} over the result
 * topics. Redis away at start is not fatal (the sink retries until it is back, RETRYING on the
 * status line); refused credentials are.
 *
 * @param streamsByTopic the result streams cached, by topic
 */
record CacheSinkStage(
    CacheSettings cache, Map<String, String> streamsByTopic, String deadLetterTopic, int batch)
    implements Stage {
  static final String NAME = "redis";

  @Override
  public Running start(StageContext context) {
    RedisCache redis = new RedisCache(cache);
    try {
      redis.prepare();
    } catch (RedisCacheException e) {
      if (e.getMessage().contains("credentials")) {
        redis.close();
        throw new UserFacingException(
            e.getMessage() + " (storage.redis.password or" + " CITYPULSE_STORAGE_REDIS_PASSWORD)");
      }
      context.announce(e.getMessage() + ": caching starts when it answers");
    }
    TopicSink sink = new TopicSink(
            new TopicSink.Settings(
                NAME, context.get(BrokerStage.BOOTSTRAP), streamsByTopic, deadLetterTopic, batch),
            new CacheSinkWriter(redis),
            context.clock())
        .start();
    RunningSinks sinks = context.get(MetricsStage.SINKS);
    sinks.add(sink, List.copyOf(new java.util.LinkedHashSet<>(streamsByTopic.values())));
    context.announce("caching the latest " + String.join(", ", streamsByTopic.values()) + " in "
        + "Redis at " + cache.redacted() + " (keys " + cache.keyPrefix() + ":*, changes on "
        + cache.channel() + ")");
    return new Running() {
      @Override
      public String failure() {
        return sink.stoppedOnItsOwn()
            ? "the Redis sink stopped: " + sink.snapshot().health()
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
