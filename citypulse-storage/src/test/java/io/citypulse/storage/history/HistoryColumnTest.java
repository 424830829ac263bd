package io.citypulse.storage.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.storage.history.HistoryColumn.Kind;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HistoryColumnTest {
  private static final Instant T = Instant.parse("2026-11-24T08:00:00Z");

  @Test
  void jdbcAndSparkValuesBecomeOneJavaTypePerKind() {
    assertThat(Kind.TIME.normalize(Timestamp.from(T))).isEqualTo(T);
    assertThat(Kind.TIME.normalize(OffsetDateTime.ofInstant(T, ZoneOffset.ofHours(2))))
        .isEqualTo(T);
    assertThat(Kind.TIME.normalize(LocalDateTime.of(2026, 11, 24, 8, 0))).isEqualTo(T);
    assertThat(Kind.INTEGER.normalize(7)).isEqualTo(7L);
    assertThat(Kind.INTEGER.normalize(new BigDecimal("12"))).isEqualTo(12L);
    assertThat(Kind.DECIMAL.normalize(7)).isEqualTo(7.0);
    assertThat(Kind.DECIMAL.normalize(1.5f)).isEqualTo(1.5);
    assertThat(Kind.TEXT.normalize(null)).isNull();
  }

  @Test
  void aValueOfAnotherKindIsRefused() {
    assertThatThrownBy(() -> Kind.INTEGER.normalize(1.5))
        .hasMessageContaining("INTEGER cell cannot hold java.lang.Double");
    assertThatThrownBy(() -> Kind.BOOLEAN.normalize("yes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
