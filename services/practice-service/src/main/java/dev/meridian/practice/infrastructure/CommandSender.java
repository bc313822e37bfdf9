package dev.meridian.practice.infrastructure;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends a command through Axon's gateway and waits, at most {@code meridian.commands.timeout} (default 10 s), for
 * its outcome. A refusal comes back as the aggregate's own exception (never wrapped), so that
 * {@link ProblemDetailsAdvice} can map it; keeping Axon's gateway behind this class keeps it out of the resources.
 */
@Component
public class CommandSender {

    private final CommandGateway gateway;
    private final Duration timeout;

    public CommandSender(CommandGateway gateway, @Value("${meridian.commands.timeout:PT10S}") Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    public void send(Object command) {
        try {
            gateway.send(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asRuntime(unwrap(e));
        } catch (TimeoutException e) {
            throw new CommandTimedOut(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandTimedOut(timeout);
        }
    }

    /** Removes the wrappers that futures and Axon's distributed buses put around a handler's exception. */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current
                && (current instanceof ExecutionException || current instanceof CompletionException
                || current instanceof CommandExecutionException)) {
            current = current.getCause();
        }
        return current;
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }

    /** The command's outcome did not arrive in time; it may still be applied. Answered with HTTP 503. */
    public static class CommandTimedOut extends RuntimeException {
        CommandTimedOut(Duration timeout) {
            super("The command was not confirmed within " + timeout.toSeconds()
                    + " s; it may still be applied: read the resource before retrying");
        }
    }
}
