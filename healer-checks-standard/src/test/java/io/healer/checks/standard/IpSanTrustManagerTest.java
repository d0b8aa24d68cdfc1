package io.healer.checks.standard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpSanTrustManagerTest {

  @Test
  void readsIpv4AndIpv6LiteralsSoThatEquivalentSpellingsMatch() {
    assertThat(IpSanTrustManager.ipLiteral("10.0.0.7")).isEqualTo(IpSanTrustManager.ipLiteral("10.0.0.7"));
    assertThat(IpSanTrustManager.ipLiteral("[::1]")).isEqualTo(IpSanTrustManager.ipLiteral("0:0:0:0:0:0:0:1"));
    assertThat(IpSanTrustManager.ipLiteral("fd00::7")).isNotNull();
  }

  @Test
  void refusesNamesAndMalformedAddressesWithoutLookingThemUp() {
    assertThat(IpSanTrustManager.ipLiteral("localhost")).isNull();
    assertThat(IpSanTrustManager.ipLiteral("256.0.0.1")).isNull();
    assertThat(IpSanTrustManager.ipLiteral("10.0.0")).isNull();
    assertThat(IpSanTrustManager.ipLiteral(null)).isNull();
  }
}
