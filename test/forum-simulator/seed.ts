import type { ForumSimulator } from './server';

/*
 * A small community that improves how it works: three practices (tag `practice`) and five
 * experiments (tag `experiment`) in several states, with the labelled lines an experiment's first
 * post carries. Some lines are deliberately malformed, one experiment sits in a read-restricted
 * category, and a private message, a whisper and an untagged topic are included as content that
 * must never become a record.
 */

export interface DemoCommunity {
  users: Record<'alice' | 'bob' | 'chen' | 'dana' | 'emeka' | 'fatima', number>;
  categories: { waysOfWorking: number; staffRoom: number };
  practices: { dailyStandUp: number; codeReviewChecklist: number; retrospectiveFormat: number };
  experiments: {
    /** Running: started 10 days ago, review in 18 days. */
    standUpTimebox: number;
    /** Proposed: starts in 14 days; dates written as `[date=…]` local dates. */
    asyncStandUp: number;
    /** Reflecting: started 40 days ago, review was 5 days ago; labels in bold. */
    pairReview: number;
    /** Malformed: `Review: next Tuesday-ish` and `Partners wanted: lots`. */
    silentWriting: number;
    /** In the read-restricted Staff room. */
    incidentReviewLead: number;
  };
  /** A private message between alice and bob with labelled lines in it. */
  privateMessage: number;
  /** A staff whisper in the stand-up timebox experiment (post id). */
  whisperPostId: number;
  /** An ordinary topic without tags. */
  ordinaryTopic: number;
}

const DAY_MS = 86_400_000;

export function seedDemoCommunity(sim: ForumSimulator, options: { now?: Date } = {}): DemoCommunity {
  const now = options.now ?? new Date();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const date = (offsetDays: number) => new Date(now.getTime() + offsetDays * DAY_MS).toISOString().slice(0, 10);

  const users = {
    alice: sim.addUser({ username: 'alice', name: 'Alice Moreau', trustLevel: 2 }).id,
    bob: sim.addUser({ username: 'bob', name: 'Bob Okafor', trustLevel: 1 }).id,
    chen: sim.addUser({ username: 'chen', name: 'Chen Wei', trustLevel: 2 }).id,
    dana: sim.addUser({ username: 'dana', name: 'Dana Kowalski', moderator: true, trustLevel: 3 }).id,
    emeka: sim.addUser({ username: 'emeka', name: 'Emeka Nwosu', trustLevel: 1 }).id,
    fatima: sim.addUser({ username: 'fatima', name: 'Fatima Haddad', trustLevel: 2 }).id,
  };

  const waysOfWorking = sim.addCategory({
    name: 'Ways of working',
    description: 'How we work together, and what we are trying next.',
  }).id;
  const staffRoom = sim.addCategory({
    name: 'Staff room',
    description: 'For the leads only.',
    readRestricted: true,
    allowedUsernames: ['dana'],
  }).id;

  sim.defineTag('practice', 'A way of working the team has adopted');
  sim.defineTag('experiment', 'A time-boxed trial of a change to how we work');

  const standUp = sim.createTopic({
    username: 'alice',
    title: 'Daily stand-up meeting',
    categoryId: waysOfWorking,
    tags: ['practice'],
    createdAt: daysAgo(60),
    raw: [
      'Every weekday at 09:30 the team meets for at most fifteen minutes to share progress, plans and blockers.',
      '',
      'Summary: A short daily meeting to surface blockers early.',
      '',
      'We stand next to the board and walk the work items from right to left.',
    ].join('\n'),
  }).topic;

  const codeReview = sim.createTopic({
    username: 'chen',
    title: 'Code review checklist',
    categoryId: waysOfWorking,
    tags: ['practice'],
    createdAt: daysAgo(55),
    raw: [
      'Every pull request is reviewed against a shared checklist before it is merged: tests, naming and error handling.',
      '',
      '**Summary:** Review every change against one shared checklist.',
    ].join('\n'),
  });
  sim.editPost(codeReview.post.id, {
    username: 'chen',
    editReason: 'Add documentation to the checklist',
    raw: [
      'Every pull request is reviewed against a shared checklist before it is merged: tests, naming, error handling and documentation.',
      '',
      '**Summary:** Review every change against one shared checklist.',
    ].join('\n'),
  });
  sim.reply({
    username: 'bob',
    topicId: codeReview.topic.id,
    createdAt: daysAgo(54),
    raw: 'Could we add "is the change behind a feature flag?" to the list?',
  });

  const retrospective = sim.createTopic({
    username: 'dana',
    title: 'Retrospective format',
    categoryId: waysOfWorking,
    tags: ['practice'],
    createdAt: daysAgo(50),
    raw: [
      'Every second Friday we hold a one-hour retrospective using the start / stop / continue format, with a rotating facilitator.',
      '',
      'Actions go on the team board, each with an owner.',
    ].join('\n'),
  }).topic;

  const practiceLink = (topic: { slug: string; id: number }) => `/t/${topic.slug}/${topic.id}`;

  const standUpTimebox = sim.createTopic({
    username: 'bob',
    title: 'Try a 10-minute stand-up timebox',
    categoryId: waysOfWorking,
    tags: ['experiment'],
    createdAt: daysAgo(12),
    raw: [
      'Our stand-ups have crept up to 25 minutes. Let us see whether a strict timebox helps.',
      '',
      `Practice: ${practiceLink(standUp)}`,
      'Hypothesis: A 10-minute timebox keeps the stand-up focused without losing blockers.',
      'Measure: Meeting length and number of blockers raised, tracked for four weeks.',
      `Start: ${date(-10)}`,
      `Review: ${date(18)}`,
      'Partners wanted: 2',
    ].join('\n'),
  }).topic;
  sim.reply({
    username: 'alice',
    topicId: standUpTimebox.id,
    createdAt: daysAgo(11),
    raw: 'I am in. I will keep the timer running on my phone.',
  });
  sim.reply({
    username: 'chen',
    topicId: standUpTimebox.id,
    replyToPostNumber: 2,
    createdAt: daysAgo(11),
    raw: 'Count me in as a critical friend: I will note which blockers we skip.',
  });
  const whisper = sim.reply({
    username: 'dana',
    topicId: standUpTimebox.id,
    whisper: true,
    createdAt: daysAgo(9),
    raw: 'Staff note: check that the on-call person can still join within the timebox.',
  });

  const asyncStandUp = sim.createTopic({
    username: 'emeka',
    title: 'Async stand-up on Fridays',
    categoryId: waysOfWorking,
    tags: ['experiment'],
    createdAt: daysAgo(3),
    raw: [
      'On Fridays many of us are heads-down; written updates might serve us better.',
      '',
      `Practice: ${practiceLink(standUp)}`,
      'Hypothesis: Written updates on Fridays free up time for focused work.',
      'Measure: Self-reported focus hours in the Friday survey.',
      `Start: [date=${date(14)} time=09:00:00 timezone="Europe/Berlin"]`,
      `Review: [date=${date(45)} time=14:30:00 timezone="Europe/Berlin"]`,
      'Partners wanted: 3',
    ].join('\n'),
  }).topic;

  const pairReview = sim.createTopic({
    username: 'chen',
    title: 'Pair review for risky changes',
    categoryId: waysOfWorking,
    tags: ['experiment'],
    createdAt: daysAgo(42),
    raw: [
      'Changes to billing and authentication have caused most of our incidents this year.',
      '',
      `**Practice:** ${practiceLink(codeReview.topic)}`,
      '**Hypothesis:** Reviewing risky changes in pairs catches more defects before release.',
      '**Measure:** Defects found after release in changes marked risky.',
      `**Start:** ${date(-40)}`,
      `**Review:** ${date(-5)}`,
      '**Partners wanted:** 1',
    ].join('\n'),
  }).topic;

  const silentWriting = sim.createTopic({
    username: 'fatima',
    title: 'Silent writing in retrospectives',
    categoryId: waysOfWorking,
    tags: ['experiment'],
    createdAt: daysAgo(2),
    raw: [
      'The same three people speak first in every retrospective.',
      '',
      `Practice: ${practiceLink(retrospective)}`,
      'Hypothesis: Five minutes of silent writing before discussion brings in quieter voices.',
      'Measure: Number of different people who add items.',
      `Start: ${date(3)}`,
      'Review: next Tuesday-ish',
      'Partners wanted: lots',
    ].join('\n'),
  }).topic;

  const incidentReviewLead = sim.createTopic({
    username: 'dana',
    title: 'Rotate the incident review lead',
    categoryId: staffRoom,
    tags: ['experiment'],
    createdAt: daysAgo(21),
    raw: [
      'Only two of us have ever led an incident review.',
      '',
      `Practice: ${practiceLink(retrospective)}`,
      'Hypothesis: Rotating the lead spreads incident knowledge across the team.',
      'Measure: Number of people who have led a review after three months.',
      `Start: ${date(-20)}`,
      `Review: ${date(70)}`,
    ].join('\n'),
  }).topic;

  const privateMessage = sim.createTopic({
    username: 'alice',
    title: 'Question about the stand-up timebox',
    archetype: 'private_message',
    targetUsernames: ['bob'],
    createdAt: daysAgo(8),
    raw: [
      'Should we also try this with the design team?',
      '',
      `Practice: ${practiceLink(standUp)}`,
      'Hypothesis: The design team would like a shorter stand-up too.',
    ].join('\n'),
  }).topic;

  const ordinaryTopic = sim.createTopic({
    username: 'dana',
    title: 'Welcome to the ways-of-working forum',
    categoryId: waysOfWorking,
    createdAt: daysAgo(70),
    raw: 'This is where we share how we work and what we want to try next. Tag a proposal `experiment` to start one.',
  }).topic;

  return {
    users,
    categories: { waysOfWorking, staffRoom },
    practices: { dailyStandUp: standUp.id, codeReviewChecklist: codeReview.topic.id, retrospectiveFormat: retrospective.id },
    experiments: {
      standUpTimebox: standUpTimebox.id,
      asyncStandUp: asyncStandUp.id,
      pairReview: pairReview.id,
      silentWriting: silentWriting.id,
      incidentReviewLead: incidentReviewLead.id,
    },
    privateMessage: privateMessage.id,
    whisperPostId: whisper.id,
    ordinaryTopic: ordinaryTopic.id,
  };
}
