package io.healer.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is written to {@code System.out} and {@code System.err} while it is open, still
 * passing it on. The testkit has no logging backend of its own; a console backend on the plugin's
 * test class path (slf4j-simple writes to {@code System.err}) is seen through this.
 *
 * <p>Swapping the streams is global to the JVM: not for tests that run in parallel.
 */
final class ConsoleCapture implements AutoCloseable {

  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private ConsoleCapture() {}

  /** Starts capturing. */
  static ConsoleCapture start() {
    ConsoleCapture capture = new ConsoleCapture();
    System.setOut(capture.tee(capture.originalOut));
    System.setErr(capture.tee(capture.originalErr));
    return capture;
  }

  private PrintStream tee(PrintStream original) {
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (copy) {
          copy.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (copy) {
          copy.write(b, off, len);
        }
        original.write(b, off, len);
      }

      @Override
      public void flush() {
        original.flush();
      }
    };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }

  /** What was written so far. */
  String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  /** Puts the original streams back. */
  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }
}
