-- Headless Neovim as a writer: "Cite related" code action (edit + command), completion pick of the same paper
-- (textEdit + addBibEntry command), paperlsp.insertCitation; the .bib is never attached to the server.
local result = { steps = {} }
local function log(name, value) table.insert(result.steps, { step = name, value = value }) end
local function finish()
  local f = io.open(os.getenv('OUT') or '/tmp/i11-verify/result.json', 'w'); f:write(vim.fn.json_encode(result)); f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  local dir = os.getenv('PAPER_DIR')
  local tex = dir .. '/emnlp2026.tex'
  vim.cmd('filetype on')
  vim.cmd('edit ' .. tex)
  local buf = vim.api.nvim_get_current_buf()
  local ready = false
  local applied = 0
  local id = vim.lsp.start_client({
    name = 'paperlsp', cmd = vim.fn.json_decode(os.getenv('CMD_JSON')), root_dir = dir,
    init_options = { corpusPaths = { os.getenv('CORPUS') }, indexPath = os.getenv('INDEX') },
    handlers = {
      ['paperlsp/status'] = function(_, p) if p.state == 'ready' or p.state == 'warning' then ready = true end end,
      ['workspace/applyEdit'] = function(e, params, ctx, cfg)
        applied = applied + 1
        return vim.lsp.handlers['workspace/applyEdit'](e, params, ctx, cfg)
      end,
    },
  })
  vim.lsp.buf_attach_client(buf, id)
  assert(vim.wait(240000, function() return ready end, 50), 'not ready')
  local client = vim.lsp.get_client_by_id(id)
  local uri = vim.uri_from_bufnr(buf)
  local function request(method, params)
    local r = vim.lsp.buf_request_sync(buf, method, params, 60000)
    assert(r and r[id], 'no response to ' .. method)
    assert(not r[id].err, method .. ': ' .. vim.inspect(r[id].err))
    return r[id].result
  end
  local function run_command(command)
    local r = client.request_sync('workspace/executeCommand', command, 60000, buf)
    return r and r.result
  end

  -- 1. "Cite related" on a sentence
  local line = tonumber(os.getenv('ACTION_LINE'))
  local text = vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1]
  local actions = request('textDocument/codeAction', { textDocument = { uri = uri },
    range = { start = { line = line, character = 5 }, ['end'] = { line = line, character = 5 } }, context = { diagnostics = {} } })
  local chosen
  for _, a in ipairs(actions) do
    if a.title:find('^Cite related') and a.edit and vim.inspect(a.edit):find('emnlp2026.bib') then chosen = a; break end
  end
  assert(chosen, 'no cite-related action adding an entry: ' .. vim.inspect(vim.tbl_map(function(a) return a.title end, actions)))
  log('action', chosen.title)
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  local key = chosen.command.arguments[1].key
  log('action key', key)
  log('bibEntryApplied', run_command(chosen.command))
  vim.wait(600)
  log('line after action', vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1])

  -- 2. completion: type \citep{} on another line and pick the same paper
  local cline = tonumber(os.getenv('COMPLETION_LINE'))
  local ctext = vim.api.nvim_buf_get_lines(buf, cline, cline + 1, false)[1]
  vim.api.nvim_buf_set_text(buf, cline, #ctext, cline, #ctext, { ' As before~\\citep{}' })
  vim.wait(600)
  local col = vim.str_utfindex(ctext .. ' As before~\\citep{')
  local completion = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = cline, character = col } })
  local items = completion.items or completion
  local pick
  for _, item in ipairs(items) do if item.label == key then pick = item end end
  log('completion offers the cited key', pick ~= nil)
  assert(pick, 'completion does not offer ' .. key)
  vim.lsp.util.apply_text_edits({ pick.textEdit }, buf, 'utf-16')
  local before = applied
  if pick.command then log('addBibEntry', run_command(pick.command)) end
  vim.wait(600)
  log('applyEdits from addBibEntry', applied - before)
  log('line after completion', vim.api.nvim_buf_get_lines(buf, cline, cline + 1, false)[1])

  -- 3. insertCitation: a searched paper that is not in the .bib, and again the same paper as the action
  local hits = run_command({ command = 'paperlsp.search', arguments = { { query = os.getenv('SEARCH'), limit = 10 } } })
  local iline = tonumber(os.getenv('INSERT_LINE'))
  local itext = vim.api.nvim_buf_get_lines(buf, iline, iline + 1, false)[1]
  local new_key
  for _, h in ipairs(hits) do
    if h.key ~= key and not vim.fn.join(vim.fn.readfile(dir .. '/emnlp2026.bib'), '\n'):find('{' .. h.key .. ',', 1, true) then new_key = h.key; break end
  end
  before = applied
  log('insertCitation new', { key = new_key, result = run_command({ command = 'paperlsp.insertCitation', arguments = { { uri = uri, position = { line = iline, character = vim.str_utfindex(itext) }, key = new_key } } }) })
  vim.wait(600)
  log('insertCitation same', run_command({ command = 'paperlsp.insertCitation', arguments = { { uri = uri, position = { line = iline, character = 3 }, key = key } } }))
  vim.wait(600)
  log('applyEdits from insertCitation', applied - before)
  log('line after insert', vim.api.nvim_buf_get_lines(buf, iline, iline + 1, false)[1])
  local bibbuf = vim.fn.bufnr(dir .. '/emnlp2026.bib')
  log('bib attached to the server', bibbuf >= 0 and vim.lsp.buf_is_attached(bibbuf, id) or false)
  vim.cmd('silent! wall')
  vim.lsp.stop_client(id)
  vim.wait(2000)
  result.ok = true
end)
if not ok then result.error = tostring(err) end
finish()
