#pragma once
// The built-in functions, shared by the checker and the evaluator (internal).
#include <cstddef>
#include <limits>
#include <string_view>

namespace charter::formula::detail {

/// What one argument of a function must be.
enum class Param { Number, Condition, Party, Step };

struct Builtin {
    std::string_view name;
    std::size_t min_args;
    std::size_t max_args;
    Param params[3];        ///< the last one repeats for variadic functions
    std::string_view usage; ///< for help lines
};

inline constexpr std::size_t many = std::numeric_limits<std::size_t>::max();

// min and max take at least two arguments: min(x) is almost always a bound
// that was forgotten, not a deliberate identity.
inline constexpr Builtin builtins[] = {
    {"min", 2, many, {Param::Number, Param::Number, Param::Number}, "min(a, b, ...)"},
    {"max", 2, many, {Param::Number, Param::Number, Param::Number}, "max(a, b, ...)"},
    {"clamp", 3, 3, {Param::Number, Param::Number, Param::Number}, "clamp(x, lo, hi)"},
    {"if", 3, 3, {Param::Condition, Param::Number, Param::Number}, "if(condition, a, b)"},
    {"round", 1, 2, {Param::Number, Param::Number, Param::Number}, "round(x) or round(x, places)"},
    {"contributed", 1, 1, {Param::Party, Param::Party, Param::Party}, "contributed(@party)"},
    {"share", 1, 1, {Param::Party, Param::Party, Param::Party}, "share(@party)"},
    {"paid", 1, 1, {Param::Step, Param::Step, Param::Step}, "paid(@step)"},
};

inline const Builtin* find_builtin(std::string_view name) {
    for (const Builtin& b : builtins) {
        if (b.name == name) {
            return &b;
        }
    }
    return nullptr;
}

inline Param param_at(const Builtin& b, std::size_t i) {
    return b.params[i < 2 ? i : 2];
}

inline bool arity_ok(const Builtin& b, std::size_t n) {
    return n >= b.min_args && n <= b.max_args;
}

} // namespace charter::formula::detail
