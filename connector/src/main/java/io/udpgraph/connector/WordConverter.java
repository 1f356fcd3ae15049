package io.udpgraph.connector;

import java.util.function.Function;
import picocli.CommandLine;

/** Reads an option's word with a parser whose {@link IllegalArgumentException} says what is allowed. */
class WordConverter<T> implements CommandLine.ITypeConverter<T> {
    private final Function<String, T> parse;

    WordConverter(Function<String, T> parse) {
        this.parse = parse;
    }

    @Override
    public T convert(String value) {
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** {@code u32|len10|lhhttt|line}. */
    static final class FramingConverter extends WordConverter<Framing> {
        FramingConverter() {
            super(Framing::parse);
        }
    }

    /** {@code at-least-once|effectively-once}. */
    static final class GuaranteeConverter extends WordConverter<Guarantee> {
        GuaranteeConverter() {
            super(Guarantee::parse);
        }
    }
}
