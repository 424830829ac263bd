package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void basicAuthSendsUserAndPasswordButNeverShowsThePassword() {
    Credentials basic = Credentials.basic("admin", "s3cret!");
    assertThat(basic.authorizationHeader()).contains("Basic YWRtaW46czNjcmV0IQ==");
    assertThat(basic.toString()).contains("admin").doesNotContain("s3cret");
  }

  @Test
  void anApiKeyGoesInTheApiKeySchemeAndIsHidden() {
    Credentials key =
        Credentials.apiKey("VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
    assertThat(key.authorizationHeader())
        .contains("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
    assertThat(key.toString()).doesNotContain("VnVh");
  }

  @Test
  void theEnvironmentChoosesTheApiKeyFirstThenUserAndPasswordThenNone() {
    assertThat(Credentials.fromEnvironment(Map.of(
            Credentials.API_KEY_ENV,
            "k",
            Credentials.USER_ENV,
            "u",
            Credentials.PASSWORD_ENV,
            "p")))
        .isInstanceOf(Credentials.ApiKey.class);
    assertThat(Credentials.fromEnvironment(
            Map.of(Credentials.USER_ENV, "u", Credentials.PASSWORD_ENV, "p")))
        .isInstanceOf(Credentials.Basic.class);
    assertThat(Credentials.fromEnvironment(Map.of()).authorizationHeader()).isEmpty();
  }

  @Test
  void aUserWithoutPasswordIsAConfigurationErrorThatDoesNotEchoValues() {
    assertThatThrownBy(
            () -> Credentials.fromEnvironment(Map.of(Credentials.PASSWORD_ENV, "hunter2")))
        .hasMessageContaining(Credentials.USER_ENV)
        .hasMessageNotContaining("hunter2");
  }
}
