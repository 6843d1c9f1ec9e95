package dev.switchboard.infra;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against the JVM's shared Kafka, PostgreSQL and Redis
 * ({@link SharedInfra}); test methods and constructors may take {@link Infra} or an
 * endpoint as parameter.
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(InfraExtension.class)
public @interface SwitchboardInfra {

}
