package dev.meridian.practice.infrastructure;

import java.lang.reflect.Constructor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Loads an aggregate only from a stream of its own type. Ids are UUIDs unique across types, but a client can
 * still send a course's id to a session endpoint; Axon's event-sourcing repository reads the stream by id alone and
 * would replay the course's events into a blank session (the aggregate identifier stays null: a 500, and a handler
 * that creates another aggregate, like opening a course, could even write). Here the stream's stored aggregate
 * type is checked first, and a stream of another type is "not found": HTTP 404.
 *
 * <p>{@code @Aggregate(filterEventsByType = true)} would do the same, but Axon 4.13's Spring aggregate lookup
 * does not pass that attribute on. It does use a bean named {@code <aggregate>AggregateFactory} when one exists,
 * so this post-processor registers a checking factory under that name for every {@code @Aggregate} bean.
 */
@Component
public class AggregateStreamTypeCheck implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        for (String name : registry.getBeanDefinitionNames()) {
            String className = registry.getBeanDefinition(name).getBeanClassName();
            if (className == null || !ClassUtils.isPresent(className, getClass().getClassLoader())) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(className, getClass().getClassLoader());
            Aggregate aggregate = type.getAnnotation(Aggregate.class);
            if (aggregate == null) {
                continue;
            }
            String factoryName = StringUtils.uncapitalize(type.getSimpleName()) + "AggregateFactory";
            if (!registry.containsBeanDefinition(factoryName)) {
                String storedType = aggregate.type().isEmpty() ? type.getSimpleName() : aggregate.type();
                RootBeanDefinition factory = new RootBeanDefinition(OwnStreamAggregateFactory.class);
                factory.getConstructorArgumentValues().addIndexedArgumentValue(0, type);
                factory.getConstructorArgumentValues().addIndexedArgumentValue(1, storedType);
                registry.registerBeanDefinition(factoryName, factory);
            }
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        // all work is done on the registry
    }

    /**
     * Creates the aggregate as Axon's generic factory does (the snapshot itself, or a new instance through the
     * no-argument constructor that every aggregate has for event sourcing), after checking the stream's type.
     */
    public static final class OwnStreamAggregateFactory<T> implements AggregateFactory<T> {

        private final Class<T> aggregateType;
        private final String storedType;
        private final Constructor<T> constructor;

        public OwnStreamAggregateFactory(Class<T> aggregateType, String storedType) throws NoSuchMethodException {
            this.aggregateType = aggregateType;
            this.storedType = storedType;
            this.constructor = aggregateType.getDeclaredConstructor();
            ReflectionUtils.makeAccessible(constructor);
        }

        @Override
        public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
            if (!storedType.equals(firstEvent.getType())) {
                throw new AggregateNotFoundException(aggregateIdentifier,
                        "No " + storedType + " with id " + aggregateIdentifier);
            }
            if (aggregateType.isInstance(firstEvent.getPayload())) {
                return aggregateType.cast(firstEvent.getPayload()); // a snapshot
            }
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot instantiate " + aggregateType.getSimpleName(), e);
            }
        }

        @Override
        public Class<T> getAggregateType() {
            return aggregateType;
        }
    }
}
