#pragma once
// What the server answers, one function per LSP method, each from one
// analysis of a document. Results are LSP JSON; positions are in the
// analysis's encoding.
#include <string>

#include "lsp/document.hpp"
#include "lsp/rpc.hpp"
#include "util/date.hpp"
#include "util/expected.hpp"

namespace charter::lsp {

/// The PublishDiagnosticsParams' `diagnostics` for one analysis.
Json diagnostics(const Analysis& a, const std::string& uri);

/// textDocument/definition: a Location, or null.
Json definition(const Analysis& a, const std::string& uri, Position p);
/// textDocument/references: Location[] (null when the position names no id).
Json references(const Analysis& a, const std::string& uri, Position p, bool declaration);
/// textDocument/prepareRename: the id's range, or null.
Json prepare_rename(const Analysis& a, Position p);
/// textDocument/rename: a WorkspaceEdit, or why the name is refused.
Expected<Json, std::string> rename(const Analysis& a, const std::string& uri, Position p,
                                   const std::string& new_name);
/// textDocument/documentSymbol: DocumentSymbol[] (an outline).
Json document_symbols(const Analysis& a);
/// textDocument/hover: a Hover with Markdown, or null. `today` is the day
/// vested shares are shown for.
Json hover(const Analysis& a, Position p, Date today);
/// textDocument/completion: CompletionItem[], from the line being typed in
/// `text` (the buffer now) and the ids and structure of `a` (which may be
/// of an earlier text, when the buffer is not YAML while it is typed).
Json completion(const Analysis& a, const std::string& text, Position p);
/// textDocument/codeAction: CodeAction[] for the diagnostics in `range`.
Json code_actions(const Analysis& a, const std::string& uri, Range range);

/// LSP JSON of positions and ranges.
Json to_json(Position p);
Json to_json(Range r);
/// A Position from LSP JSON (missing fields: 0).
Position position_from(const Json& j);
Range range_from(const Json& j);

} // namespace charter::lsp
