package io.healer.checks.standard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the Endpoint check gets the token it sends as {@code Authorization: Bearer}: a file (the
 * service-account token, re-read on every probe because Kubernetes rotates projected tokens), or
 * a value given in the config.
 *
 * <p>The token itself is never part of {@link #toString()}, {@link #source()} or any exception
 * message built here.
 */
final class BearerToken {

  private final Path file;
  private final String value;

  private BearerToken(Path file, String value) {
    this.file = file;
    this.value = value;
  }

  /** A token read from {@code file} each time it is needed. */
  static BearerToken fromFile(Path file) {
    return new BearerToken(Objects.requireNonNull(file, "file"), null);
  }

  /** A token given in the config (the Go healer's {@code token} param). */
  static BearerToken of(String value) {
    return new BearerToken(null, Objects.requireNonNull(value, "value").strip());
  }

  /**
   * The token, without surrounding whitespace (a trailing newline would make it an invalid header
   * value).
   *
   * @throws IOException when the file cannot be read or holds no token; the message names the file
   *     and what went wrong, never the content
   */
  String read() throws IOException {
    if (file == null) {
      return value;
    }
    String token;
    try {
      token = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + describe(e));
    }
    if (token.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return token;
  }

  /** Where the token comes from, for people: {@code token-file /var/run/...} or {@code token}. */
  String source() {
    return file == null ? "the token param" : "token-file " + file;
  }

  /** The file the token is read from, or {@code null} for a token given in the config. */
  Path file() {
    return file;
  }

  @Override
  public String toString() {
    return file == null ? "BearerToken[<redacted>]" : "BearerToken[file=" + file + "]";
  }

  /** What went wrong reading a file, in a few words: {@code no such file}, {@code permission denied}. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
