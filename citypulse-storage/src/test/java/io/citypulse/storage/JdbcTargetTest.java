package io.citypulse.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcTargetTest {

  @Test
  void thePasswordNeverShowsInToString() {
    JdbcTarget target = new JdbcTarget("jdbc:postgresql://db:5432/citypulse", "app", "s3cret");
    assertThat(target.toString())
        .doesNotContain("s3cret")
        .contains("jdbc:postgresql://db:5432/citypulse", "app", "***");
    assertThat(new JdbcTarget("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null)
            .password())
        .isEmpty();
  }

  @Test
  void aPasswordInTheUrlNeverShowsInMessages() {
    JdbcTarget target =
        new JdbcTarget("jdbc:postgresql://db:5432/city?user=u&password=s3cret", null, null);

    assertThat(target.safeUrl()).isEqualTo("jdbc:postgresql://db:5432/city");
    assertThat(target.server()).isEqualTo("db:5432/city");
    assertThat(target.toString()).doesNotContain("s3cret");
  }

  @Test
  void onlyPostgresqlUrlsAreAccepted() {
    assertThatThrownBy(() -> new JdbcTarget("jdbc:mysql://db/x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PostgreSQL JDBC URL");
  }
}
