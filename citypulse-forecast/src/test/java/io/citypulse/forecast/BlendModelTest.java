package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlendModelTest {

  @Test
  void blendsPersistenceWithTheProfile() {
    // 5 now, usual 9 at the target slot (+4), usual change +2: 5 + 0.5 * 4 + 0.25 * 2 = 7.5
    assertThat(BlendModel.predict(5, 10, 4, 2, 0.5, 0.25, false)).isEqualTo(7.5);
    // rounded half to even: 8
    assertThat(BlendModel.predict(5, 10, 4, 2, 0.5, 0.25, true)).isEqualTo(8);
  }

  @Test
  void staysWithinTheStation() {
    assertThat(BlendModel.predict(1, 10, -3, -2, 1, 1, false)).isZero();
    assertThat(BlendModel.predict(9, 10, 4, 0, 1, 0, false)).isEqualTo(10);
  }
}
