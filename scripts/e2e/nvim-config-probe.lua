-- Run by scripts/e2e/nvim-config-check.mjs in Neovim started with the configuration the docs give
-- (docs/editor.md, `-u` that file): opens the plan, and reaches completion and hover the way a user
-- does, through the buffer's 'omnifunc' (<C-x><C-o>) and the K key. Writes what it got as JSON to
-- the file SEGPLAN_CONFIG_PROBE names in its `out`.
-- How long a wait for the server may take: only a hang trips it (a busy machine answers late, not wrongly).
local HANG_MS = tonumber(os.getenv('SEGPLAN_E2E_HANG_MS') or '') or 300000
local probe = vim.fn.json_decode(os.getenv('SEGPLAN_CONFIG_PROBE'))
local v = vim.version()
local result = { version = v.major .. '.' .. v.minor .. '.' .. v.patch, filetype = '', omnifunc = '', diagnostics = 0, hover = '', completion = {}, errors = {} }

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(probe.file))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  result.omnifunc = vim.bo[buf].omnifunc
  assert(vim.wait(HANG_MS, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics (a hang)')
  result.diagnostics = #vim.diagnostic.get(buf)

  -- K on the port, as typed: the hover opens in a floating window.
  vim.api.nvim_win_set_cursor(0, { probe.hover.line + 1, probe.hover.character })
  vim.api.nvim_feedkeys('K', 'x', false)
  local float
  vim.wait(HANG_MS, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then float = w return true end
    end
    return false
  end, 50)
  if float then
    result.hover = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
    vim.api.nvim_win_close(float, true)
  end

  assert(result.omnifunc:match('^v:lua%.'), "'omnifunc' is not set to a Lua function: " .. result.omnifunc)
end)
if not ok then table.insert(result.errors, tostring(err)) end

local function finish()
  -- Whatever Neovim told the user (a deprecated call, a failed request) counts against the setup.
  for _, line in ipairs(vim.split(vim.fn.execute('messages'), '\n')) do
    if line:match('deprecated') or line:match('^E%d+:') or line:match('[Ee]rror') then table.insert(result.errors, line) end
  end
  local f = assert(io.open(probe.out, 'w'))
  f:write(vim.fn.json_encode(result), '\n')
  f:close()
  vim.cmd('qall!')
end

if not ok then return finish() end

-- Completion as typed: a new line with the text, then A and <C-x><C-o> in Insert mode. Neovim
-- stays in Insert mode after this script returns, the server's answer fills the menu, and the
-- menu's items are read once they are there.
local buf = vim.api.nvim_get_current_buf()
local last = vim.api.nvim_buf_line_count(buf)
vim.api.nvim_buf_set_lines(buf, last, last, false, { probe.completion.text })
vim.api.nvim_win_set_cursor(0, { last + 1, 0 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('A<C-x><C-o>', true, false, true), 'n', false)
local uv = vim.uv or vim.loop
local timer, waited = uv.new_timer(), 0
timer:start(50, 50, vim.schedule_wrap(function()
  waited = waited + 50
  local items = vim.fn.complete_info({ 'items' }).items or {}
  if #items == 0 and waited < HANG_MS then return end
  timer:stop()
  timer:close()
  if #items == 0 then table.insert(result.errors, 'the omnifunc completed nothing (a hang; mode ' .. vim.api.nvim_get_mode().mode .. ')') end
  for _, item in ipairs(items) do table.insert(result.completion, item.word) end
  finish()
end))
