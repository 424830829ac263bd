package io.citypulse.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.state.Change;
import io.citypulse.dashboard.state.Kind;
import org.junit.jupiter.api.Test;

class ChangeCoalescerTest {

  @Test
  void eachKeyOnceInOrderOfFirstChangeThenEmpty() {
    ChangeCoalescer coalescer = new ChangeCoalescer();
    coalescer.offer(new Change(Kind.STATION, "velib:1"));
    coalescer.offer(new Change(Kind.POSTCODE, "75001"));
    coalescer.offer(new Change(Kind.STATION, "velib:1"));
    coalescer.offer(new Change(Kind.POSTCODE, "velib:1")); // same key, other kind: distinct

    assertThat(coalescer.drain())
        .containsExactly(
            new Change(Kind.STATION, "velib:1"),
            new Change(Kind.POSTCODE, "75001"),
            new Change(Kind.POSTCODE, "velib:1"));
    assertThat(coalescer.drain()).isEmpty();
  }
}
