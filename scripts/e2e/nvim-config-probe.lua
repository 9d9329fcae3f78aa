-- Run by scripts/e2e/nvim-config-check.mjs in Neovim started with the configuration the docs give
-- (docs/editor.md, `-u` that file): opens the plan, and reaches completion and hover the way a user
-- does, through the buffer's 'omnifunc' (<C-x><C-o>) and the K key. Writes what it got as JSON to
-- the file SEGPLAN_CONFIG_PROBE names in its `out`.
local probe = vim.fn.json_decode(os.getenv('SEGPLAN_CONFIG_PROBE'))
local result = { filetype = '', omnifunc = '', diagnostics = 0, hover = '', completion = {}, errors = {} }

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(probe.file))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  result.omnifunc = vim.bo[buf].omnifunc
  assert(vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics within 30 s')
  result.diagnostics = #vim.diagnostic.get(buf)

  -- K on the port, as typed: the hover opens in a floating window.
  vim.api.nvim_win_set_cursor(0, { probe.hover.line + 1, probe.hover.character })
  vim.api.nvim_feedkeys('K', 'x', false)
  local float
  vim.wait(15000, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then float = w return true end
    end
    return false
  end, 50)
  if float then
    result.hover = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
    vim.api.nvim_win_close(float, true)
  end

  -- <C-x><C-o> calls the buffer's 'omnifunc' with findstart 1, then hands its answer to complete():
  -- a script cannot hold Neovim in Insert mode, so the cursor stands after the typed text as it
  -- would there, Insert mode is what mode() says, and the list given to complete() is kept.
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, { probe.completion.text })
  vim.o.virtualedit = 'onemore'
  vim.api.nvim_win_set_cursor(0, { last + 1, #probe.completion.text })
  assert(result.omnifunc:match('^v:lua%.'), "'omnifunc' is not set to a Lua function: " .. result.omnifunc)
  local omnifunc = assert(loadstring('return ' .. result.omnifunc:gsub('^v:lua%.', '')))()
  local given
  vim.fn.complete = function(_, items) given = items end
  vim.fn.mode = function() return 'i' end
  omnifunc(1, '')
  omnifunc(0, '')
  assert(vim.wait(15000, function() return given ~= nil end, 50), 'the omnifunc completed nothing within 15 s')
  for _, item in ipairs(given) do table.insert(result.completion, type(item) == 'table' and item.word or item) end
end)
if not ok then table.insert(result.errors, tostring(err)) end
local f = assert(io.open(probe.out, 'w'))
f:write(vim.fn.json_encode(result), '\n')
f:close()
vim.cmd('qall!')
