/** Every module that registers jobs with the scheduler. */
import '#jobs/money_jobs'
