package io.healer.integration.openstack;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Passwords for one run of the suite: new each time, never printed. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** 24 random hex digits. */
  static String random() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
