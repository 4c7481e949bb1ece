/** Every module that registers jobs with the scheduler. */
import '#jobs/money_jobs'
import '#jobs/number_jobs'
import '#jobs/call_jobs'
import '#jobs/message_jobs'
import '#jobs/callback_jobs'
