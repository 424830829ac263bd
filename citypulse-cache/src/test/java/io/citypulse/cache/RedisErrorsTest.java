package io.citypulse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** Which errors a write waits out, and how an error is put in a few words. */
class RedisErrorsTest {

  @Test
  void connectionFailuresAndPassingServerStatesAreRetried() {
    assertThat(RedisCache.isTransient(new JedisConnectionException("Unexpected end of stream.")))
        .isTrue();
    assertThat(RedisCache.isTransient(
            new JedisDataException("LOADING Redis is loading the dataset in memory")))
        .isTrue();
    assertThat(
            RedisCache.isTransient(new JedisBusyException("BUSY Redis is busy running a script")))
        .isTrue();
    assertThat(RedisCache.isTransient(
            new JedisDataException("READONLY You can't write against a read only replica.")))
        .isTrue();
    assertThat(RedisCache.isTransient(
            new JedisAccessControlException("WRONGPASS invalid username-password pair")))
        .isTrue();
  }

  @Test
  void aRejectedCommandIsNotRetried() {
    assertThat(RedisCache.isTransient(new JedisDataException(
            "WRONGTYPE Operation against a key holding the wrong kind of value")))
        .isFalse();
    assertThat(RedisCache.isTransient(new JedisDataException("ERR Error running script")))
        .isFalse();
  }

  @Test
  void anErrorIsDescribedByItsInnermostReason() {
    JedisConnectionException refused =
        new JedisConnectionException("Failed to connect to 127.0.0.1:6390.");
    refused.addSuppressed(new ConnectException("Connection refused"));
    JedisConnectionException timedOut =
        new JedisConnectionException(new SocketTimeoutException("Read timed out"));

    assertThat(RedisCache.describe(refused)).isEqualTo("Connection refused");
    assertThat(RedisCache.describe(timedOut)).isEqualTo("Read timed out");
    assertThat(RedisCache.describe(new JedisDataException("LOADING Redis is loading ")))
        .isEqualTo("LOADING Redis is loading");
    assertThat(RedisCache.describe(new JedisConnectionException((String) null)))
        .isEqualTo("JedisConnectionException");
  }
}
