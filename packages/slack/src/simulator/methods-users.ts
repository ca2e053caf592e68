// users.info: a member as Slack describes one (handle, real name, profile), bots with their bot's ids.
import { stringArg } from './arguments.js';
import type { Method } from './methods-chat.js';
import { SlackApiError, TEAM_ID, type Member } from './workspace.js';

/** A member's record, with the fields users.info carries for anyone (blank where nobody set them). */
function userJson(member: Member): Record<string, unknown> {
  const profile = {
    real_name: member.realName,
    real_name_normalized: member.realName,
    display_name: '',
    display_name_normalized: '',
    avatar_hash: '',
    title: '',
    phone: '',
    skype: '',
    status_text: '',
    status_emoji: '',
    team: TEAM_ID,
    ...(member.botId ? { bot_id: member.botId, api_app_id: `A${member.botId.slice(1)}`, always_active: false } : {}),
  };
  return {
    id: member.id,
    team_id: TEAM_ID,
    name: member.name,
    deleted: false,
    color: '9f69e7',
    real_name: member.realName,
    profile,
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: member.isBot,
    is_app_user: false,
    updated: member.updated,
  };
}

export const userMethods: Record<string, Method> = {
  'users.info': ({ workspace, args }) => {
    const member = workspace.members.get(stringArg(args, 'user') ?? '');
    if (!member) throw new SlackApiError('user_not_found');
    return { user: userJson(member) };
  },
};
