import type { Mail } from '../store/responses.ts';

/** The e-mails of the response workflow, in plain text. */

export interface RequestMailFacts {
  recipient: string;
  contactName: string | null;
  companyName: string;
  recordTitle: string;
  recordUrl: string;
  questions: string;
  deadline: string;
  link: string;
  organisation: string;
}

export function requestMail(facts: RequestMailFacts): Mail {
  return {
    recipient: facts.recipient,
    subject: `Request for comment: ${facts.recordTitle}`,
    body: [
      `Dear ${facts.contactName || facts.companyName},`,
      '',
      `${facts.organisation} records allegations of abuse against workers linked to companies. ${facts.companyName} is named in this record:`,
      '',
      `  ${facts.recordTitle}`,
      `  ${facts.recordUrl}`,
      '',
      'We invite you to respond. Our questions:',
      '',
      facts.questions,
      '',
      `Please respond by ${facts.deadline} through this private link (no account needed):`,
      '',
      `  ${facts.link}`,
      '',
      'Your response will be published beside the record after review. If you decline to respond, the link lets you say so; a company that does not respond by the deadline is listed as not having responded.',
      '',
      facts.organisation,
    ].join('\n'),
  };
}

export function reminderMail(facts: RequestMailFacts): Mail {
  const request = requestMail(facts);
  return {
    recipient: facts.recipient,
    subject: `Reminder: ${request.subject}`,
    body: `This is a reminder: we have not yet received a response.\n\n${request.body}`,
  };
}
