#include "lsp/document.hpp"

namespace charter::lsp {

std::shared_ptr<const Analysis> analyze(std::string text, const std::string& name,
                                        Encoding encoding) {
    auto source = std::make_shared<const Source>(name, std::move(text));
    Validated v = validate_source(source);
    SymbolIndex symbols = v.charter ? SymbolIndex(*v.charter) : SymbolIndex();
    LineMap lines(source->text(), encoding);
    return std::make_shared<const Analysis>(
        Analysis{source, std::move(v), std::move(symbols), std::move(lines)});
}

const Analysis& Document::current(Encoding encoding) {
    if (!analysis) {
        analysis = analyze(text, name_of_uri(uri), encoding);
        if (analysis->charter()) {
            last_good = analysis;
        }
    }
    return *analysis;
}

std::string name_of_uri(const std::string& uri) {
    constexpr std::string_view scheme = "file://";
    if (uri.compare(0, scheme.size(), scheme) != 0) {
        return uri;
    }
    std::string out;
    for (std::size_t i = scheme.size(); i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() &&
            std::isxdigit(static_cast<unsigned char>(uri[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(uri[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(uri.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(uri[i]);
        }
    }
    return out;
}

bool is_charter_uri(const std::string& uri) {
    auto ends_with = [&](std::string_view s) {
        return uri.size() >= s.size() && uri.compare(uri.size() - s.size(), s.size(), s) == 0;
    };
    return ends_with(".charter.yaml") || ends_with(".charter.yml");
}

} // namespace charter::lsp
