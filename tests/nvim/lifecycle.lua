-- Headless Neovim client session against the PaperLsp server.
--
-- Usage:
--   PAPERLSP_CMD_JSON='["dotnet","server/PaperLsp.Cli/bin/Debug/net10.0/paperlsp.dll","serve","--stdio"]' \
--   PAPERLSP_NVIM_FILE=../shared/latex/<paper>/src/<file>.tex \
--   PAPERLSP_NVIM_RESULT=/tmp/result.json \
--   PAPERLSP_NVIM_REQUESTS='[{"method":"textDocument/hover","line":10,"character":5}]' \
--   nvim --headless --clean -n -c "luafile tests/nvim/lifecycle.lua"
--
-- Starts the server, opens the file (didOpen), waits for initialize, sends each request of
-- PAPERLSP_NVIM_REQUESTS at its position (extra "params" fields are merged in, e.g. a codeAction
-- "context"), stops the client (shutdown + exit) and writes a JSON report to PAPERLSP_NVIM_RESULT:
--   { ok, error, nvim_version, server_info, capabilities, offset_encoding, requests = [{method, line,
--     character, completed, error, result}], exited, exit_code, exit_signal }
-- Optional: PAPERLSP_NVIM_INIT_OPTIONS (JSON object, the "paperlsp" settings sent as initializationOptions) and
-- PAPERLSP_NVIM_WAIT_READY=1 (wait for a paperlsp/status notification with state "ready" before the requests;
-- the report then holds the last status as "status").
-- Works with Neovim 0.7 (vim.lsp.start_client) and newer.

local result = { ok = false, requests = {} }
local result_path = os.getenv('PAPERLSP_NVIM_RESULT') or 'nvim-lsp-result.json'
local timeout_ms = tonumber(os.getenv('PAPERLSP_NVIM_TIMEOUT_MS') or '') or 20000

local function write_result()
  local file = io.open(result_path, 'w')
  if file then
    file:write(vim.fn.json_encode(result))
    file:close()
  end
end

local function run()
  local v = vim.version()
  result.nvim_version = string.format('%d.%d.%d', v.major, v.minor, v.patch)

  local cmd_json = assert(os.getenv('PAPERLSP_CMD_JSON'), 'PAPERLSP_CMD_JSON is not set')
  local cmd = vim.fn.json_decode(cmd_json)
  local path = assert(os.getenv('PAPERLSP_NVIM_FILE'), 'PAPERLSP_NVIM_FILE is not set')
  local requests_json = os.getenv('PAPERLSP_NVIM_REQUESTS')
  local requests = (requests_json and requests_json ~= '') and vim.fn.json_decode(requests_json)
    or { { method = 'textDocument/hover', line = 0, character = 0 } }

  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  local init_json = os.getenv('PAPERLSP_NVIM_INIT_OPTIONS')
  local init_options = (init_json and init_json ~= '') and vim.fn.json_decode(init_json) or vim.empty_dict()
  local wait_ready = os.getenv('PAPERLSP_NVIM_WAIT_READY') == '1'
  local ready = false

  local initialized, exited = false, false
  local client_id = vim.lsp.start_client({
    name = 'paperlsp',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(path, ':p:h'),
    init_options = init_options,
    handlers = {
      ['paperlsp/status'] = function(_, params)
        result.status = params
        if params and (params.state == 'ready' or params.state == 'failed') then ready = true end
      end,
    },
    on_init = function(client, init_result)
      result.server_info = init_result.serverInfo
      result.capabilities = init_result.capabilities
      result.offset_encoding = client.offset_encoding
      initialized = true
    end,
    on_exit = function(code, signal)
      result.exit_code = code
      result.exit_signal = signal
      exited = true
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  vim.lsp.buf_attach_client(bufnr, client_id)

  assert(vim.wait(timeout_ms, function() return initialized end, 20), 'the server did not initialize in time')
  if wait_ready then
    assert(vim.wait(timeout_ms, function() return ready end, 20), 'the server sent no ready paperlsp/status in time')
  end

  local uri = vim.uri_from_bufnr(bufnr)
  for _, request in ipairs(requests) do
    local params = {
      textDocument = { uri = uri },
      position = { line = request.line or 0, character = request.character or 0 },
    }
    for key, value in pairs(request.params or {}) do
      params[key] = value
    end
    local entry = { method = request.method, line = params.position.line, character = params.position.character, completed = false }
    local responses, err = vim.lsp.buf_request_sync(bufnr, request.method, params, timeout_ms)
    if err then
      entry.error = { message = tostring(err) }
    elseif responses and responses[client_id] then
      local response = responses[client_id]
      entry.completed = true
      entry.error = response.err or response.error
      entry.result = response.result
      if entry.result == nil then entry.result = vim.NIL end
    else
      entry.error = { message = 'no response' }
    end
    table.insert(result.requests, entry)
  end

  vim.lsp.stop_client(client_id)
  result.exited = vim.wait(timeout_ms, function() return exited end, 20)
  result.ok = true
end

local ok, err = pcall(run)
if not ok then
  result.error = tostring(err)
end
write_result()
vim.cmd('qall!')
