-- Neovim (0.7+) as a second, independent LSP client of the SegPlan server. Started headless by
-- scripts/e2e/nvim-check.mjs with the environment variable SEGPLAN_PROBE holding JSON:
--   { cmd = {...}, file, out, completion = { line } , hover = { line, character } }
-- It opens the plan, waits for the server's diagnostics, types a line and asks for completion at
-- its end (so the edit travels as didChange), asks for a hover, writes what it got as JSON to
-- `out` and exits 0, or 1 when a step failed (the JSON then says which).
-- How long a wait for the server may take: only a hang trips it (a busy machine answers late, not wrongly).
local HANG_MS = tonumber(os.getenv('SEGPLAN_E2E_HANG_MS') or '') or 300000
local probe = vim.fn.json_decode(os.getenv('SEGPLAN_PROBE'))
local result = { initialized = false, diagnostics = {}, completion = {}, hover = '', errors = {} }
local publications = 0

local function finish()
  local f = assert(io.open(probe.out, 'w'))
  f:write(vim.fn.json_encode(result), '\n')
  f:close()
  if #result.errors == 0 then vim.cmd('qall!') else vim.cmd('cquit 1') end
end

-- Hover contents may be MarkupContent, a MarkedString or a list of MarkedStrings.
local function hover_text(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, hover_text(c)) end
  return table.concat(parts, '\n')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(probe.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'segplan'
  local client_id = vim.lsp.start_client({
    name = 'segplan',
    cmd = probe.cmd,
    root_dir = vim.fn.fnamemodify(probe.file, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, res, ctx, config)
        if #res.diagnostics > 0 then publications = publications + 1 end
        return vim.lsp.handlers['textDocument/publishDiagnostics'](e, res, ctx, config)
      end,
    },
    on_exit = function(code)
      if code ~= 0 then table.insert(result.errors, 'the server exited with ' .. code) end
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(HANG_MS, function() return client.initialized end, 20), 'the server did not answer initialize (a hang)')
  result.initialized = true

  -- The server validates after a debounce: the first publication may be empty.
  assert(vim.wait(HANG_MS, function() return publications > 0 end, 20), 'no diagnostics published (a hang)')
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, {
      line = d.lnum, character = d.col, severity = d.severity, message = d.message,
      code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or nil,
    })
  end

  local uri = vim.uri_from_bufnr(bufnr)
  local hover = client.request_sync('textDocument/hover', {
    textDocument = { uri = uri }, position = { line = probe.hover.line, character = probe.hover.character },
  }, 10000, bufnr)
  assert(hover and not hover.err, 'hover failed: ' .. vim.inspect(hover and hover.err))
  result.hover = hover.result and hover_text(hover.result.contents) or ''

  -- Type a new line (sent as didChange) and complete at its end.
  local typed = probe.completion.text
  local last = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, last, last, false, { typed })
  local completion = client.request_sync('textDocument/completion', {
    textDocument = { uri = uri }, position = { line = last, character = #typed },
  }, 10000, bufnr)
  assert(completion and not completion.err, 'completion failed: ' .. vim.inspect(completion and completion.err))
  local items = completion.result and (completion.result.items or completion.result) or {}
  for _, item in ipairs(items) do table.insert(result.completion, item.label) end

  client.stop()
  vim.wait(3000, function() return client.is_stopped() end, 20)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
