// Seeds that once showed a defect now fixed: every CI run replays them, so a fix that regresses fails
// by name. Add a seed here when its entry leaves known-defects.ts.
/**
 * `pullsAsIssues`: a GitHub seed found once issue actions and edits went to pull requests too (see
 * providers/github.ts). `killsMidWrite`: a seed found once the kill switch stopped agent steps mid-write
 * (see runner.ts); the others replay their incidents without it. `opensPulls`: a GitHub seed found once
 * people opened pull requests from the branches they committed on (see providers/github.ts).
 * `savesCards`: a Stripe seed found once people saved cards on customers (see providers/stripe.ts).
 * `addsColumns`: a Notion seed found once people added a column to the data source and filled it on a
 * row (see providers/notion.ts). `incident`: a seed found once A and B were sometimes rolled back
 * together as one incident (see runner.ts); the others always roll back A alone. `olderFirst`: a seed
 * found once A was sometimes rolled back and then B on its own; the others never roll back B after A. `movesIssues`: a GitHub
 * seed found once people transferred issues to another repository and renamed the repository (see
 * providers/github.ts). `nestsWork`: a Linear seed found once people nested their work in issues (sub-issues,
 * comment replies, relations) and archived or restored issues (see providers/linear.ts). `reshapesTasks`:
 * an Asana seed found once people reshaped tasks (completed, moved between projects, sections and
 * parents, deleted) (see providers/asana.ts). `customEmoji`: a Slack seed found once agents and people
 * reacted by the workspace's own emoji and its aliases (see providers/slack.ts).
 */
export const REGRESSION_SEEDS: Record<string, { seed: number; fixed: string; pullsAsIssues?: true; killsMidWrite?: true; opensPulls?: true; movesIssues?: true; savesCards?: true; addsColumns?: true; nestsWork?: true; reshapesTasks?: true; customEmoji?: true; incident?: true; olderFirst?: true }[]> = {
  asana: [
    { seed: 37_100_022, olderFirst: true, reshapesTasks: true, killsMidWrite: true, fixed: "A rolled back, then B on its own: A's project placement, kept by A's rollback because B had moved the task since, was left as A's once B's rollback put back what B found; B's rollback now restores what was there before A and finishes what A's kept (earlier-rollbacks.ts, owed-undos.ts)" },
    { seed: 20_280_023, fixed: "a person's subtask the rollback moves back under the agent's task keeps that task (into)" },
    { seed: 7_063, fixed: "checker: a person's subtask the agent itself deleted for good (named as residue) leaves nothing of theirs in the agent's task, which the rollback may delete" },
    { seed: 30_000_828, fixed: "checker: a person's subtask under the agent's subtask, trashed with the top task the agent deleted for good (named as residue), went with that named deletion" },
    { seed: 30_001_877, fixed: "a task a killed agent's lost create made, renamed by a person, is found by its key as the agent made it and kept as theirs" },
    { seed: 30_004_023, fixed: "an update that never landed is not taken for landed by the session's own earlier rename of the task: only stories after its pre-state's version count" },
    { seed: 30_012_165, fixed: "a project add settled at planning, older than the agent's later write on the task, still asks Asana's history: the person's own add of it stays" },
    { seed: 31_400_060, killsMidWrite: true, incident: true, fixed: "a project removal a killed agent's held write made, the task put back by session B, is named unsettled, not 'never landed': B's pre-state shows it landed, and A and B rolled back as one left it out" },
    { seed: 31_000_053, killsMidWrite: true, incident: true, fixed: "a project removal whose read-back failed (500) after the write landed is looked up before its pre-state is read again for the retry: the task goes back into the project" },
    { seed: 31_500_118, killsMidWrite: true, incident: true, fixed: "an undo whose read back failed twice is read once more and counted done when the task holds what it leads to: the earlier removal's undo then runs, and the person's project membership comes back in the same rollback" },
  ],
  github: [
    { seed: 20_260_180, fixed: "an issue the agent opened, closed and reopened by a person, stays open" },
    { seed: 20_260_183, fixed: "a branch holding a person's commit is kept when the agent's squash merge of it is reverted" },
    { seed: 20_270_067, fixed: "an issue created by a killed agent and rewritten by a person (its key gone) is found, and kept as theirs" },
    { seed: 30_000_117, fixed: "an issue created by a killed agent, closed and reopened by a person, is recorded as opened and stays open" },
    { seed: 30_000_236, fixed: "a comment whose create answer was lost, then edited by another session, is found by its key and kept as that session's" },
    { seed: 20_280_078, fixed: "an issue the agent closed that a person reopened and closed again stays closed (its events name the person), the agent's title restored" },
    { seed: 30_000_506, fixed: "a branch a killed agent's held create made, then committed on by a person, is found by its lookup (its history holds the sha asked for) and kept, named as a conflict" },
    { seed: 30_001_654, fixed: "an issue update a killed agent's held write made, its title changed by a person since, is found by the agent's own events and undone where still the agent's (the assignee)" },
    { seed: 30_021_109, fixed: "an issue update that never reached GitHub, done by a person by hand, then written over by the agent: the person's body stays, the lost update named as outcome unknown" },
    { seed: 30_017_159, fixed: "an issue update that never reached GitHub, its title and body then written the same by a person, keeps their body: its last editor (GraphQL) is the person" },
    { seed: 30_017_268, fixed: "checker: a file step that failed on a branch (429 after retries) names the branch's field for that file, as it names the file" },
    { seed: 30_080_036, fixed: "an issue a killed agent's held create made, retitled and rewritten (key and all) by another session, is found by its first rename and named as a conflict", pullsAsIssues: true },
    { seed: 33_600_050, incident: true, pullsAsIssues: true, opensPulls: true, movesIssues: true, fixed: "session B's comment on an issue a person then transferred went along with it: read where the issue went and deleted there (A and B rolled back as one), never counted already deleted while it stays on the moved issue" },
    { seed: 33_500_086, pullsAsIssues: true, opensPulls: true, movesIssues: true, fixed: "a merge reverted after a person renamed the repository: GitHub's revert names the new name, and is found by it (GraphQL nameWithOwner, REST base.repo), so a rollback resumed after its engine was killed merges that revert instead of opening a second" },
    { seed: 34_100_148, killsMidWrite: true, incident: true, pullsAsIssues: true, opensPulls: true, movesIssues: true, fixed: "an issue a killed agent's held create made, transferred by a person to another repository before the rollback, is found under the number it had (GitHub's 301 to where it went, its key there) and kept, a conflict naming where it is, never settled as never landed" },
  ],
  linear: [
    { seed: 77_000_333, olderFirst: true, nestsWork: true, fixed: "a label add that never arrived, made by hand by a person, then taken off and put back by the agent's later writes, is not taken for landed: the issue's history names the person's change first, so the rollback leaves their label" },
    { seed: 34_400_005, nestsWork: true, fixed: "a person's sub-issue they had archived, taken into the trash with the issue the agent trashed, stays archived when the rollback restores that issue (the trash's answer names what was away before it)" },
    { seed: 31_000_066, killsMidWrite: true, incident: true, fixed: "an issue the agent created then trashed itself is trashed again by the rollback once the trash is undone: its create is not read as already undone" },
    { seed: 30_500_010, incident: true, fixed: "a label removal a killed agent's held write made, the label put back by session B, is found by the history: A and B rolled back as one, the label stays" },
    { seed: 20_260_293, fixed: "an issue a person moved back to the state the agent left keeps it (its history names the person)" },
    { seed: 30_006_563, fixed: "an issue the agent created that a person moved on and back is kept, a conflict: the history names the person, though every value is the agent's" },
    { seed: 30_006_915, fixed: "checker: a relation a killed agent's held write made, its create named unsettled by its key, counts as named (a relation has no text to carry the tag)" },
  ],
  stripe: [
    { seed: 31_100_021, killsMidWrite: true, incident: true, savesCards: true, fixed: "the proration items of the agent's subscription change are named when another session put the items back before the rollback (the step already undone)" },
    { seed: 30_000_147, fixed: "a promotion code another session reactivated after a person deactivated the agent's is kept active (the journal names that session's write)" },
    { seed: 30_000_036, fixed: "the agent's customer a person has since charged (a payment intent on it) is kept, not deleted" },
    { seed: 30_000_159, fixed: "the agent's customer a person has since invoiced is kept, not deleted" },
    { seed: 30_000_008, fixed: "the agent's customer a person has since added a metadata key to is kept (the guard compares the metadata as a whole)" },
    { seed: 30_000_104, fixed: "the agent's coupon a person has since made a promotion code for is kept, the code still redeemable" },
    { seed: 30_000_129, fixed: "the agent's coupon another session has since made a promotion code for is kept" },
    { seed: 30_000_296, fixed: "the agent's pending invoice item a person's draft invoice took in is kept, a line of their invoice" },
    { seed: 30_000_359, fixed: "checker: the agent's invoice item a person deleted is not work of theirs built on the agent's customer" },
    { seed: 30_000_399, fixed: "a refund a killed agent's held write made is settled by planning in another process: its lookup replays the journaled input, keys sorted as sent" },
    { seed: 30_000_411, fixed: "of two agent invoice items a person invoiced, the one on a draft is kept too, not only the finalized one" },
    { seed: 30_001_533, fixed: "a payment cancel whose killed agent's request never reached Stripe is not sent by the rollback's lookup: the person's payment stays authorized" },
    { seed: 30_002_268, fixed: "a cancel_at_period_end the agent's request never delivered, then set the same way by a person, is theirs: the lookup finds no event for the agent's key" },
  ],
  notion: [
    { seed: 31_700_106, killsMidWrite: true, incident: true, fixed: "a killed agent's replacement that landed only its append, whose new block another session then trashed, is found by the ids the journal's later writes named: undone, not taken for never landed" },
    { seed: 20_280_010, fixed: "a content replacement settled after the agent died adopts only blocks with what it sent, never another session's" },
    { seed: 30_000_536, fixed: "checker: a person's block in the agent's page that another session deleted before the rollback is not work the page must keep" },
    { seed: 30_001_088, fixed: "an append whose answer was lost, one of whose blocks another session edited since, is found as the agent's: the untouched blocks go, the edited one is kept and named" },
    { seed: 30_012_250, fixed: "a subpage created while its agent was killed, renamed by a person before the rollback, is named as outcome unknown, never 'never created'" },
    { seed: 30_023_008, fixed: "a page update that never reached Notion, made the same by a person, then the page trashed by the agent: the person's value stays, the update named (the agent became the page's last editor)" },
    { seed: 30_019_631, fixed: "a block delete that never reached Notion, the block then deleted by a person, stays in the trash: a trash that landed leaves this integration its last editor" },
    { seed: 30_060_037, fixed: "a block update a killed agent's held write made, then written over by another session, is named as outcome unknown: none of what it sent holds, and nothing is as it was before either" },
    { seed: 30_044_054, fixed: "a page trash that landed with its answer lost, done again by a person by hand (Notion takes it, and names them its last editor), is named as outcome unknown, the page left in the trash" },
    { seed: 30_320_095, addsColumns: true, fixed: "a person's value in a column added after the agent's row was made keeps the row, though the agent appended to it after them (the integration its last editor)" },
    { seed: 30_320_253, addsColumns: true, fixed: "a person's value in a column added after the agent's row was made keeps the row whose create's answer was lost (found late)" },
    { seed: 30_500_093, addsColumns: true, fixed: "a content replacement killed mid-write brings back only the block it trashed: one another session on the same token deleted since stays in the trash" },
    { seed: 32_600_150, fixed: "a person's reply in a discussion the agent opened keeps the agent's comment: deleting the comment that opened it takes the thread, their reply with it" },
    { seed: 32_600_100, killsMidWrite: true, incident: true, fixed: "a subpage a killed agent's create made, trashed since by another session on the same token, is found in the trash by that session's journaled write: rolled back as one incident, it goes back to the trash instead of staying in the open unnamed" },
    { seed: 32_800_033, killsMidWrite: true, incident: true, fixed: "a killed agent's content replacement, one of whose new blocks another session on the same token reworded since, is found late with that block as the agent sent it: rolled back as one incident, the other session's undo puts the agent's text back and the block goes to the trash instead of staying on the page unnamed" },
  ],
  slack: [
    { seed: 36_300_106, killsMidWrite: true, customEmoji: true, fixed: "a reaction a killed agent's held write made by the workspace's alias `pp` is found by the lookup under partyparrot (the workspace's aliases followed) and removed, never settled 'never landed' while it stays" },
    { seed: 32_500_078, fixed: "an agent's reaction sent as `thumbsup` is the `+1` Slack lists: found and removed, never read as already gone" },
    { seed: 32_500_082, killsMidWrite: true, incident: true, fixed: "an agent's `thumbsup::skin-tone-3` is the `+1::skin-tone-3` Slack lists: found and removed" },
    { seed: 20_260_298, fixed: "a message posted with its answer lost, then edited by a person, is kept (corrected), not deleted" },
    { seed: 30_000_100, fixed: "a pin a person made after the agent's attempt was lost is theirs: the rollback leaves it" },
    { seed: 30_007_154, fixed: "a correction in a thread whose answer was lost, the thread then unreadable, is not posted twice: an unreadable thread is not an empty one" },
    { seed: 30_007_283, fixed: "an agent's thread reply another session edited is corrected in the thread it sits in (Slack threads only under a top-level message)" },
    { seed: 30_011_052, fixed: "rolled back again after a correction, the report says the message is still there, corrected, instead of 'undone by an earlier rollback'" },
    { seed: 30_000_022, fixed: "checker: a pin session B made with the agent's bot token is a mark Slack cannot tell from the agent's own, while a person's pin keeps the message" },
  ],
};
