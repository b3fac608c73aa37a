-- Neovim's built-in LSP client against `charter lsp` (tests/lsp/nvim_test.py):
-- open a broken charter, wait for its diagnostics, write them out, rename
-- an id and write the buffer's lines that changed. Written for Neovim 0.7
-- (Debian 12): vim.lsp.start_client and buf_attach_client.
local charter = os.getenv('CHARTER_BIN')
local out = os.getenv('CHARTER_OUT')
local lines = {}

local function finish()
  vim.fn.writefile(lines, out)
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CHARTER_FILE')))
local buf = vim.api.nvim_get_current_buf()

local published = false
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config)
  published = true
end

local client = vim.lsp.start_client({ name = 'charter', cmd = { charter, 'lsp' },
                                      root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(buf, client)

if not vim.wait(30000, function() return published and #vim.diagnostic.get(buf) > 0 end, 50) then
  table.insert(lines, 'TIMEOUT waiting for diagnostics')
  finish()
end
-- vim.diagnostic positions are 0-based lines and byte columns, converted by
-- Neovim from the server's UTF-16 columns
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, string.format('diagnostic %d:%d-%d:%d %s %s', d.lnum + 1, d.col + 1,
                                    d.end_lnum + 1, d.end_col + 1,
                                    d.severity == vim.diagnostic.severity.ERROR and 'error' or 'warning',
                                    (d.message:gsub('\n', ' | '))))
end

-- rename the party acme (line 10, after "  - {id: ") everywhere
vim.api.nvim_win_set_cursor(0, { 10, 9 })
vim.lsp.buf.rename('acme-robotics')
if not vim.wait(30000, function()
  return vim.api.nvim_buf_get_lines(buf, 9, 10, false)[1]:find('acme-robotics', 1, true) ~= nil
end, 50) then
  table.insert(lines, 'TIMEOUT waiting for the rename')
  finish()
end
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if l:find('acme', 1, true) then
    table.insert(lines, string.format('line %d: %s', i, l))
  end
end
finish()
