-- Runs the README's Neovim 0.7 configuration snippet, as a user's init.lua would, and reports what it did.
--
-- Environment (NeovimClientTests sets these; the snippet itself is extracted from README.md by the test):
--   PAPERLSP_NVIM_SNIPPET      Lua file to run as the configuration (the README's `neovim-0.7` block)
--   PAPERLSP_NVIM_PARSE_ONLY   JSON array of Lua files that are only compiled, not run (snippets for newer Neovim)
--   PAPERLSP_NVIM_FILE         file to open (a .tex); PAPERLSP_NVIM_SECOND_FILE: a second one (e.g. its .bib)
--   PAPERLSP_NVIM_HOVER        JSON {line, character} for a hover request in the first file
--   PAPERLSP_NVIM_RESULT       report path; PAPERLSP_NVIM_TIMEOUT_MS: per wait (default 60000)
-- Report: { ok, error, nvim_version, parsed = {file = error|true}, filetype, client_name, clients_first,
--           clients_second, same_client, status, hover, exited }
local result = { ok = false, parsed = {} }
local result_path = os.getenv('PAPERLSP_NVIM_RESULT') or 'nvim-readme-result.json'
local timeout_ms = tonumber(os.getenv('PAPERLSP_NVIM_TIMEOUT_MS') or '') or 60000

local function client_ids(bufnr)
  local ids = {}
  for id, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'paperlsp' then table.insert(ids, id) end
  end
  return ids
end

local function run()
  local v = vim.version()
  result.nvim_version = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  vim.cmd('filetype on')

  local ready = false
  vim.lsp.handlers['paperlsp/status'] = function(_, params)
    result.status = params
    if params and (params.state == 'ready' or params.state == 'failed') then ready = true end
  end

  local parse_only = os.getenv('PAPERLSP_NVIM_PARSE_ONLY')
  for _, file in ipairs((parse_only and parse_only ~= '') and vim.fn.json_decode(parse_only) or {}) do
    local chunk, err = loadfile(file)
    result.parsed[vim.fn.fnamemodify(file, ':t')] = chunk and true or err
  end

  dofile(assert(os.getenv('PAPERLSP_NVIM_SNIPPET'), 'PAPERLSP_NVIM_SNIPPET is not set'))

  local path = assert(os.getenv('PAPERLSP_NVIM_FILE'), 'PAPERLSP_NVIM_FILE is not set')
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local first = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[first].filetype
  assert(vim.wait(timeout_ms, function() return #client_ids(first) > 0 end, 20), 'the snippet attached no paperlsp client')
  local id = client_ids(first)[1]
  local client = vim.lsp.get_client_by_id(id)
  result.client_name = client.name
  assert(vim.wait(timeout_ms, function() return client.initialized or client.server_capabilities ~= nil end, 20),
    'the server did not initialize in time')
  assert(vim.wait(timeout_ms, function() return ready end, 20), 'the server sent no ready paperlsp/status in time')

  local hover_json = os.getenv('PAPERLSP_NVIM_HOVER')
  if hover_json and hover_json ~= '' then
    local at = vim.fn.json_decode(hover_json)
    local responses = vim.lsp.buf_request_sync(first, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(first) },
      position = { line = at.line, character = at.character },
    }, timeout_ms)
    local response = responses and responses[id]
    result.hover = response and (response.result or vim.NIL) or vim.NIL
    result.hover_error = response and response.err or nil
  end

  local second_file = os.getenv('PAPERLSP_NVIM_SECOND_FILE')
  if second_file and second_file ~= '' then
    vim.cmd('edit ' .. vim.fn.fnameescape(second_file))
    local second = vim.api.nvim_get_current_buf()
    result.second_filetype = vim.bo[second].filetype
    vim.wait(timeout_ms, function() return #client_ids(second) > 0 end, 20)
    result.same_client = client_ids(second)[1] == id
  end
  result.clients_total = #vim.lsp.get_active_clients()

  local exited = false
  local previous_on_exit = client.config.on_exit
  client.config.on_exit = function(...)
    exited = true
    if previous_on_exit then previous_on_exit(...) end
  end
  vim.lsp.stop_client(id)
  result.exited = vim.wait(timeout_ms, function() return exited or vim.lsp.client_is_stopped(id) end, 20)
  result.ok = true
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
local file = io.open(result_path, 'w')
if file then
  file:write(vim.fn.json_encode(result))
  file:close()
end
vim.cmd('qall!')
