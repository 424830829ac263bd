package io.citypulse.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheSettingsTest {

  @Test
  void aPlainUrlGetsTheDefaults() {
    CacheSettings settings = CacheSettings.of("redis://127.0.0.1:6390");

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(6390);
    assertThat(settings.database()).isZero();
    assertThat(settings.tls()).isFalse();
    assertThat(settings.user()).isNull();
    assertThat(settings.password()).isNull();
    assertThat(settings.keyPrefix()).isEqualTo("citypulse");
    assertThat(settings.ttl()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.historyLength()).isEqualTo(100);
    assertThat(settings.channel()).isEqualTo("citypulse:changes");
    assertThat(settings.redacted()).isEqualTo("redis://127.0.0.1:6390");
  }

  @Test
  void portDatabaseAndTlsComeFromTheUrl() {
    CacheSettings settings = CacheSettings.of("rediss://cache.example:7000/3");
    CacheSettings defaultPort = CacheSettings.of("redis://localhost");

    assertThat(settings.tls()).isTrue();
    assertThat(settings.port()).isEqualTo(7000);
    assertThat(settings.database()).isEqualTo(3);
    assertThat(settings.redacted()).isEqualTo("rediss://cache.example:7000/3");
    assertThat(defaultPort.port()).isEqualTo(6379);
  }

  @Test
  void aPasswordInTheUrlIsUsedButNeverShown() {
    CacheSettings settings = CacheSettings.of("redis://:s3cret-pw@127.0.0.1:6390/1");

    assertThat(settings.user()).isNull();
    assertThat(settings.password()).isEqualTo("s3cret-pw");
    assertThat(settings.redacted()).isEqualTo("redis://:***@127.0.0.1:6390/1");
    assertThat(settings.toString())
        .doesNotContain("s3cret-pw")
        .contains("redis://:***@127.0.0.1:6390/1");
  }

  @Test
  void aUserAndPasswordAreBothUsedAndOnlyTheUserShown() {
    CacheSettings settings = CacheSettings.of("redis://reader:p%40ss:word@host:6379");
    CacheSettings passwordOnly = CacheSettings.of("redis://justapassword@host:6379");

    assertThat(settings.user()).isEqualTo("reader");
    assertThat(settings.password()).isEqualTo("p@ss:word");
    assertThat(settings.redacted()).isEqualTo("redis://reader:***@host:6379");
    assertThat(passwordOnly.user()).isNull();
    assertThat(passwordOnly.password()).isEqualTo("justapassword");
    assertThat(passwordOnly.redacted()).isEqualTo("redis://:***@host:6379");
  }

  @Test
  void thePasswordMayComeFromTheEnvironmentButTheUrlsWins() {
    Map<String, String> env = Map.of(CacheSettings.PASSWORD_ENV, "from env/with @ and :");

    CacheSettings fromEnv = CacheSettings.of("redis://127.0.0.1:6390", env);
    CacheSettings fromUrl = CacheSettings.of("redis://:inurl@127.0.0.1:6390", env);

    assertThat(fromEnv.password()).isEqualTo("from env/with @ and :");
    assertThat(fromEnv.redacted()).isEqualTo("redis://:***@127.0.0.1:6390");
    assertThat(fromEnv.toString()).doesNotContain("from env");
    assertThat(fromUrl.password()).isEqualTo("inurl");
    assertThat(CacheSettings.of("redis://127.0.0.1:6390", Map.of()).password()).isNull();
  }

  @Test
  void withPasswordKeepsTheUserAndTheRest() {
    CacheSettings settings =
        CacheSettings.of("redis://app@host:6379/2").withKeyPrefix("cp").withPassword("x");

    // "app" alone was a password; a user needs a colon: redis://app:@host
    assertThat(CacheSettings.of("redis://app:@host:6379").user()).isEqualTo("app");
    assertThat(CacheSettings.of("redis://app:@host:6379").password()).isNull();
    assertThat(settings.password()).isEqualTo("x");
    assertThat(settings.database()).isEqualTo(2);
    assertThat(settings.keyPrefix()).isEqualTo("cp");
    assertThat(CacheSettings.of("redis://app:@host:6379/2").withPassword("y").user())
        .isEqualTo("app");
  }

  @Test
  void wrongUrlsAreRejectedWithoutShowingThePassword() {
    assertThatThrownBy(() -> CacheSettings.of("http://:pw123@host:80"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not a Redis URL (redis://host:port or rediss://host:port): http://:***@host:80");
    assertThatThrownBy(() -> CacheSettings.of("redis://:pw123@host:6379/cache"))
        .hasMessageContaining("not a database number")
        .hasMessageNotContaining("pw123");
    assertThatThrownBy(() -> CacheSettings.of("redis://:pw 123@host:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a valid Redis URL")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> CacheSettings.of(" ")).hasMessage("the Redis URL is blank");
  }

  @Test
  void settingsOutOfRangeAreRejected() {
    CacheSettings settings = CacheSettings.of("redis://localhost");

    assertThatThrownBy(() -> settings.withTtl(Duration.ofMillis(10)))
        .hasMessageContaining("at least 1 s");
    assertThatThrownBy(() -> settings.withHistoryLength(-1)).hasMessageContaining("negative");
    assertThatThrownBy(() -> settings.withKeyPrefix(" ")).hasMessageContaining("prefix");
    assertThatThrownBy(() -> settings.withChannel("")).hasMessageContaining("channel");
    assertThat(settings.withHistoryLength(0).historyLength()).isZero();
  }
}
