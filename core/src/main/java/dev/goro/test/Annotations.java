package dev.goro.test;

import java.lang.annotation.Annotation;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Finds an extension's annotation for a test: on the method first, then on its class and enclosing classes. */
final class Annotations {

    private Annotations() {
    }

    /**
     * The annotation that configures {@code context}'s test, directly present or meta-present (through
     * {@link GoroTest}), or null.
     */
    static <A extends Annotation> A find(ExtensionContext context, Class<A> type) {
        Optional<A> found = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, type));
        for (Class<?> c = context.getTestClass().orElse(null); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
            found = AnnotationSupport.findAnnotation(c, type);
        }
        return found.orElse(null);
    }
}
