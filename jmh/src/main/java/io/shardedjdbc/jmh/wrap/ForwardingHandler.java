package io.shardedjdbc.jmh.wrap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The dynamic-proxy way of wrapping: every call on the proxy arrives here as a {@link Method} and its boxed
 * arguments and goes on to the target by reflection. The driver avoids exactly this (reflection on the hot path);
 * the benchmark measures what it would cost.
 */
final class ForwardingHandler implements InvocationHandler {
    private final Object target;

    ForwardingHandler(Object target) {
        this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            // The target's own exception, as a hand-written wrapper would let it through.
            throw e.getCause();
        }
    }
}
