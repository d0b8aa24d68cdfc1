package io.healer.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says how stable a public type or member is, the way JUnit's {@code @API} does.
 *
 * <p>Retained at runtime (not only in source) so that API-compatibility tools and users reading
 * bytecode can see it.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@API(status = API.Status.STABLE, since = "0.1")
public @interface API {

  /**
   * How stable the annotated element is.
   *
   * @return the status, such as {@link Status#STABLE}
   */
  Status status();

  /**
   * The healer version in which the element got its current status.
   *
   * @return the version such as {@code "0.1"}, or the empty string if not given
   */
  String since() default "";

  /** The stability levels, from least to most stable. */
  enum Status {
    /** Used by healer itself only; may change or go away at any time. */
    INTERNAL,
    /** Will go away in a later release; the javadoc names the replacement. */
    DEPRECATED,
    /** New and open to change in a minor release; feedback welcome. */
    EXPERIMENTAL,
    /** Kept compatible within a major release, but not designed for extension. */
    MAINTAINED,
    /** Kept compatible within a major release: safe to implement and call. */
    STABLE
  }
}
