package io.healer.integration.compare;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scenario too slow for every build: it runs when the page is written ({@code
 * -Dhealer.compare.page=true}) or when {@value Selection#PROPERTY} names it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface PageOnly {

  /**
   * Which scenarios run: with {@code -D}{@value #PROPERTY}{@code =method[,method…]} only the named
   * test methods (page-only or not, and no page is written), else every scenario not {@link
   * PageOnly}, and those too with {@code -Dhealer.compare.page=true}.
   */
  final class Selection implements ExecutionCondition {

    /** The system property that names the scenarios to run, by test method name. */
    static final String PROPERTY = "healer.compare.scenario";

    /** The test method names {@value #PROPERTY} names; empty when it is not set. */
    static Set<String> named() {
      String value = System.getProperty(PROPERTY, "").strip();
      return value.isEmpty() ? Set.of()
          : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<Method> method = context.getTestMethod();
      if (method.isEmpty()) {
        return ConditionEvaluationResult.enabled("a class");
      }
      String name = method.get().getName();
      Set<String> named = named();
      if (!named.isEmpty()) {
        return named.contains(name) ? ConditionEvaluationResult.enabled(PROPERTY + " names " + name)
            : ConditionEvaluationResult.disabled(PROPERTY + " does not name " + name);
      }
      if (method.get().isAnnotationPresent(PageOnly.class) && !Boolean.getBoolean("healer.compare.page")) {
        return ConditionEvaluationResult.disabled(name + " runs only with -Dhealer.compare.page=true or -D"
            + PROPERTY + "=" + name);
      }
      return ConditionEvaluationResult.enabled("selected");
    }
  }
}
