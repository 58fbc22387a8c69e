/*
 * Lua scripts that change an experiment's partners hash. Redis runs a script as one step, so every
 * check (archived, concluded, owner, places left) reads the same state as the write that follows,
 * whichever sidecar process runs it: concurrent joins for the last place cannot overbook it.
 *
 * A caller's own entry is the field named after their username, or any entry with their user id:
 * the second case covers a user renamed on the forum since joining, who keeps their place.
 */

/**
 * KEYS[1] experiment JSON, KEYS[2] partners hash (username → partner JSON).
 * ARGV[1] username, ARGV[2] user id, ARGV[3] requested role or '' for none, ARGV[4] role for a new
 * partner who requested none, ARGV[5] join time (ISO 8601).
 * Returns one of: missing, unchanged, archived, concluded, owner, full, updated, joined.
 */
export const JOIN_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local experiment = cjson.decode(raw)

local username = ARGV[1]
local userId = tonumber(ARGV[2])

local own = {}
local current = nil
local others = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local partner = cjson.decode(entries[i + 1])
  if entries[i] == username or partner.userId == userId then
    table.insert(own, entries[i])
    if current == nil or partner.joinedAt < current.joinedAt then current = partner end
  else
    others = others + 1
  end
end

local role = ARGV[3]
if role == '' then
  if current then role = current.role else role = ARGV[4] end
end

if current and current.role == role and #own == 1 and own[1] == username then return 'unchanged' end

if experiment.archived == true then return 'archived' end
if type(experiment.decision) == 'table' then return 'concluded' end

local owner = experiment.owner
if type(owner.userId) == 'number' then
  if owner.userId == userId then return 'owner' end
elseif type(owner.username) == 'string' and string.lower(owner.username) == string.lower(username) then
  return 'owner'
end

local wanted = experiment.partnersWanted
if current == nil and type(wanted) == 'number' and others >= wanted then return 'full' end

local joinedAt = ARGV[5]
if current then joinedAt = current.joinedAt end
for _, field in ipairs(own) do redis.call('HDEL', KEYS[2], field) end
redis.call('HSET', KEYS[2], username, cjson.encode({ username = username, userId = userId, role = role, joinedAt = joinedAt }))

if current then return 'updated' end
return 'joined'
`;

/**
 * KEYS[1] experiment JSON, KEYS[2] partners hash. ARGV[1] username, ARGV[2] user id.
 * Returns one of: missing, unchanged, left.
 */
export const LEAVE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end

local username = ARGV[1]
local userId = tonumber(ARGV[2])
local removed = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local partner = cjson.decode(entries[i + 1])
  if entries[i] == username or partner.userId == userId then
    redis.call('HDEL', KEYS[2], entries[i])
    removed = removed + 1
  end
end

if removed == 0 then return 'unchanged' end
return 'left'
`;
