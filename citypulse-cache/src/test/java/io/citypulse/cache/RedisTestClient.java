package io.citypulse.cache;

import io.citypulse.testkit.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The tests' own view of a Redis server, independent of {@link RedisCache}: raw reads, and a
 * subscriber to the change channel.
 */
final class RedisTestClient implements AutoCloseable {
  private final Jedis jedis;

  RedisTestClient(RedisServerProcess server) {
    this(server, null);
  }

  RedisTestClient(RedisServerProcess server, String password) {
    this.jedis = new Jedis(
        new HostAndPort(server.host(), server.port()),
        DefaultJedisClientConfig.builder().password(password).build());
  }

  Jedis jedis() {
    return jedis;
  }

  /** Every key under a prefix with its contents: hashes as maps, lists, sorted sets' members. */
  Map<String, Object> snapshot(String prefix) {
    Map<String, Object> snapshot = new TreeMap<>();
    for (String key : jedis.keys(prefix + ":*")) {
      switch (jedis.type(key)) {
        case "hash" -> snapshot.put(key, new TreeMap<>(jedis.hgetAll(key)));
        case "list" -> snapshot.put(key, jedis.lrange(key, 0, -1));
        case "zset" -> snapshot.put(key, new java.util.TreeSet<>(jedis.zrange(key, 0, -1)));
        default -> snapshot.put(key, "unexpected type " + jedis.type(key));
      }
    }
    return snapshot;
  }

  @Override
  public void close() {
    jedis.close();
  }

  /**
   * Collects the messages of one channel on a connection of its own. {@link #drain()} publishes
   * a marker and waits for it: as one channel's messages arrive in order, everything published
   * before the marker has then arrived.
   */
  static final class Subscriber implements AutoCloseable {
    private static final String MARKER = "--marker--";

    private final RedisServerProcess server;
    private final String channel;
    private final List<String> messages = new ArrayList<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final JedisPubSub pubSub;
    private final Thread thread;
    private CountDownLatch marker = new CountDownLatch(1);

    Subscriber(RedisServerProcess server, String channel) throws InterruptedException {
      this.server = server;
      this.channel = channel;
      this.pubSub = new JedisPubSub() {
        @Override
        public void onSubscribe(String subscribedChannel, int count) {
          subscribed.countDown();
        }

        @Override
        public void onMessage(String fromChannel, String message) {
          synchronized (messages) {
            if (MARKER.equals(message)) {
              marker.countDown();
            } else {
              messages.add(message);
            }
          }
        }
      };
      this.thread = new Thread(
          () -> {
            try (Jedis jedis = new Jedis(server.host(), server.port())) {
              jedis.subscribe(pubSub, channel);
            } catch (RuntimeException e) {
              // The connection ends with the test (close) or with the server.
            }
          },
          "subscriber-" + channel);
      thread.setDaemon(true);
      thread.start();
      if (!subscribed.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no subscription to " + channel + " within 10 s");
      }
    }

    /** The messages received so far, all of those published before this call included. */
    List<String> drain() throws InterruptedException {
      CountDownLatch awaited;
      synchronized (messages) {
        marker = new CountDownLatch(1);
        awaited = marker;
      }
      try (Jedis jedis = new Jedis(server.host(), server.port())) {
        jedis.publish(channel, MARKER);
      }
      if (!awaited.await(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("the marker did not come back on " + channel);
      }
      synchronized (messages) {
        List<String> copy = List.copyOf(messages);
        messages.clear();
        return copy;
      }
    }

    @Override
    public void close() throws InterruptedException {
      if (pubSub.isSubscribed()) {
        pubSub.unsubscribe();
      }
      thread.join(5_000);
    }
  }
}
