package dev.orgsso.testing;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for a Keycloak interface that answers only the methods a test names, by method name;
 * any other call fails the test, so a test also shows what the code under test does not touch.
 */
public final class Fake {

    private Fake() {
    }

    public static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer != null) {
                return answer.apply(args == null ? new Object[0] : args);
            }
            if (method.getName().equals("toString") && method.getParameterCount() == 0) {
                return "fake " + type.getSimpleName();
            }
            throw new Untouched(type.getSimpleName() + "." + method.getName());
        }));
    }

    /** A call the test did not expect: the code reached further than it should have. */
    public static final class Untouched extends RuntimeException {
        Untouched(String method) {
            super("unexpected call to " + method);
        }
    }
}
